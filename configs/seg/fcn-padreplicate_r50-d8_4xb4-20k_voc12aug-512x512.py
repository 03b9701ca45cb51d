# fcn_r50-d8_4xb4-20k_voc12aug-512x512 with replicate padding in every conv and pool
# (the edge pixel repeated).
_base_ = './fcn_r50-d8_4xb4-20k_voc12aug-512x512.py'

conv_cfg = dict(type='PadConv2d', padding_mode='replicate')
model = dict(
    backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg),
    auxiliary_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
