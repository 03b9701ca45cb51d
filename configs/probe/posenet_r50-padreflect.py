# posenet_r50 with reflect padding in every conv and pool of the encoder.
_base_ = './posenet_r50.py'
model = dict(encoder=dict(
    type='mmseg.AlignedResNetV1c',
    conv_cfg=dict(type='PadConv2d', padding_mode='reflect')))
