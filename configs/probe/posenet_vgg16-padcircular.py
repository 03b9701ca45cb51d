# posenet_vgg16 with circular padding in every conv and pool of the encoder.
_base_ = './posenet_vgg16.py'
model = dict(encoder=dict(
    type='mmseg.VGG16', conv_cfg=dict(type='PadConv2d', padding_mode='circular')))
