# mmdet's Decoupled SOLO R50 1x on COCO with posseg's head (PosDecoupledSOLOHead,
# coord_mode='input' = mmdet's outputs) and TorchFocalLoss. mmdet zoo: 33.9 mask AP.
_base_ = 'mmdet::solo/decoupled-solo_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)

model = dict(
    mask_head=dict(type='PosDecoupledSOLOHead', coord_mode='input',
                   loss_cls=dict(type='TorchFocalLoss')))
