# posenet_vgg16 with stage f2 alone (relu2_2) (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(encoder=dict(out_indices=(1,)))
