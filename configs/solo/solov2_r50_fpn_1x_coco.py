# mmdet's SOLOv2 R50 1x on COCO with posseg's head (PosSOLOV2Head, coord_mode='input'
# = mmdet's outputs) and TorchFocalLoss. mmdet zoo: 34.8 mask AP.
_base_ = 'mmdet::solov2/solov2_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)

model = dict(
    mask_head=dict(type='PosSOLOV2Head', coord_mode='input',
                   loss_cls=dict(type='TorchFocalLoss')))
