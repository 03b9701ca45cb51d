# Decoupled SOLO R50 1x without the x / y coordinate of its two mask branches.
_base_ = './decoupled-solo_r50_fpn_1x_coco.py'

model = dict(mask_head=dict(coord_mode='none'))
