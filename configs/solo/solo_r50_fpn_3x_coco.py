# mmdet's SOLO R50 3x (multi-scale) on COCO with posseg's head and loss, as
# solo_r50_fpn_1x_coco.py. mmdet zoo: 35.9 mask AP.
_base_ = 'mmdet::solo/solo_r50_fpn_3x_coco.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)

model = dict(
    mask_head=dict(type='PosSOLOHead', coord_mode='input',
                   loss_cls=dict(type='TorchFocalLoss')))
