# posenet_vgg16 with readout zero padding 1 (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(padding=1)
