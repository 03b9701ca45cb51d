# Decoupled SOLO R50 1x with neither coordinates nor a zero border: every conv of backbone, FPN
# and head pads circularly (no absolute position left to learn from).
_base_ = './decoupled-solo-nocoord_r50_fpn_1x_coco.py'

conv_cfg = dict(type='PadConv2d', padding_mode='circular')
model = dict(backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
             neck=dict(conv_cfg=conv_cfg), mask_head=dict(conv_cfg=conv_cfg))
