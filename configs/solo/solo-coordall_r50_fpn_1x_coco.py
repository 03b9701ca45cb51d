# SOLO R50 1x with coordinates at every mask-branch conv (the paper: a second
# CoordConv brings no noticeable gain).
_base_ = './solo_r50_fpn_1x_coco.py'

model = dict(mask_head=dict(coord_mode='all'))
