# SOLO R50 3x (coordinates as mmdet) with circular padding in every conv of backbone,
# FPN and head.
_base_ = './solo_r50_fpn_3x_coco.py'

conv_cfg = dict(type='PadConv2d', padding_mode='circular')
model = dict(backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
             neck=dict(conv_cfg=conv_cfg), mask_head=dict(conv_cfg=conv_cfg))
