# SOLOv2 R50 1x (coordinates as mmdet) without padding in backbone and FPN, as
# solo-padnone_r50_fpn_1x_coco.py: MarginSOLOv2 extends each image by the margin the valid
# convs consume and crops the FPN levels back to the image's grid; the head keeps
# zero padding (its category and kernel branches work on S x S grids).
_base_ = './solov2_r50_fpn_1x_coco.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(type='MarginSOLOv2', margin_mode='reflect',
             backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
             neck=dict(type='AlignedFPN', conv_cfg=conv_cfg))
