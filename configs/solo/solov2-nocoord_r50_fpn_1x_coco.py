# SOLOv2 R50 1x without coordinates in the kernel branch and the mask feature module.
_base_ = './solov2_r50_fpn_1x_coco.py'

model = dict(mask_head=dict(coord_mode='none'))
