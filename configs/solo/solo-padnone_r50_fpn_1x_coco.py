# SOLO R50 1x (coordinates at the mask-branch input, as mmdet) without padding in
# backbone and FPN (valid convs). MarginSOLO extends each image by the margin the
# valid convs consume (mirrored, found per input size) and crops every FPN level back
# to the image's grid; AlignedFPN crops instead of stretching. The head keeps zero
# padding: its category branch works on S x S grids that valid convs cannot keep.
_base_ = './solo_r50_fpn_1x_coco.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(type='MarginSOLO', margin_mode='reflect',
             backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
             neck=dict(type='AlignedFPN', conv_cfg=conv_cfg))
