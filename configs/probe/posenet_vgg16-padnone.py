# posenet_vgg16 with none padding in every conv and pool of the encoder (no padding
# anywhere: the setting whose VGG16 SPC fell from .742 to .381 in the paper).
_base_ = './posenet_vgg16.py'
model = dict(encoder=dict(
    type='mmseg.VGG16', conv_cfg=dict(type='PadConv2d', padding_mode='none')))
