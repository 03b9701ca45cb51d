# fcn_vgg16_4xb4-20k_duts-352x352 with reflect padding in every conv and pool.
_base_ = './fcn_vgg16_4xb4-20k_duts-352x352.py'

conv_cfg = dict(type='PadConv2d', padding_mode='reflect')
model = dict(
    backbone=dict(type='VGG16', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
