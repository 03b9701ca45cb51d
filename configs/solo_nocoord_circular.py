# configs/solo_nocoord.py with circular padding in every conv of backbone, FPN and head.
# Naming: configs/solo_<coordinates>_<padding>.py
_base_ = './solo_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='circular')
model = dict(
    backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
    neck=dict(conv_cfg=conv_cfg),
    mask_head=dict(type='PosSOLOHead', conv_cfg=conv_cfg))
