# posenet_vgg16 with a 1x1 readout kernel (Islam et al.'s readout ablations).
_base_ = './posenet_vgg16.py'
model = dict(kernel_size=1)
