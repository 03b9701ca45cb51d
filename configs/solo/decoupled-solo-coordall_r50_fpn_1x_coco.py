# Decoupled SOLO R50 1x with coordinates at every conv of the branches that receive them
# (PosSOLO heads, coord_mode='all').
_base_ = './decoupled-solo_r50_fpn_1x_coco.py'

model = dict(mask_head=dict(coord_mode='all'))
