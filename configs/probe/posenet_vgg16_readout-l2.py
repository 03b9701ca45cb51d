# posenet_vgg16 with two readout convs (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(num_layers=2)
