# SOLO R50 3x without coordinates in the mask branch (the SOLO paper's ablation:
# about -3.6 mask AP, unverified).
_base_ = './solo_r50_fpn_3x_coco.py'

model = dict(mask_head=dict(coord_mode='none'))
