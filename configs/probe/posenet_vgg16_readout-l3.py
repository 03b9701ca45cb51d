# posenet_vgg16 with three readout convs (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(num_layers=3)
