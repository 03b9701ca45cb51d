# deeplabv3_r50-d8_4xb4-20k_voc12aug-512x512 with reflect padding in every conv and pool
# (a mirrored border).
_base_ = './deeplabv3_r50-d8_4xb4-20k_voc12aug-512x512.py'

conv_cfg = dict(type='PadConv2d', padding_mode='reflect')
model = dict(
    backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedASPPHead', conv_cfg=conv_cfg),
    auxiliary_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
