# fcn_vgg16_4xb4-20k_msra-b-352x352 with partial-convolution padding (zeros, border
# outputs re-weighted by window size / valid pixels; Liu et al. 2018).
_base_ = './fcn_vgg16_4xb4-20k_msra-b-352x352.py'

conv_cfg = dict(type='PadConv2d', padding_mode='partial')
model = dict(
    backbone=dict(type='VGG16', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
