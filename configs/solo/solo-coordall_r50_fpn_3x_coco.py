# SOLO R50 3x with coordinates at every conv of the branches that receive them
# (PosSOLO heads, coord_mode='all').
_base_ = './solo_r50_fpn_3x_coco.py'

model = dict(mask_head=dict(coord_mode='all'))
