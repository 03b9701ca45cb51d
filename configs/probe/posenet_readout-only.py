# The control: the readout on the image itself (resized to 28 x 28), no encoder.
# Islam et al. (Table 1, "PosENet" alone): H SPC .012, V .131 on PASCAL-S.
_base_ = './posenet_vgg16.py'
model = dict(encoder=None)
