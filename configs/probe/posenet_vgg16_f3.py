# posenet_vgg16 with stage f3 alone (relu3_3) (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(encoder=dict(out_indices=(2,)))
