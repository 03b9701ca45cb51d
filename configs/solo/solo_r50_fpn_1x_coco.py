# mmdet's SOLO R50 1x on COCO with posseg's head: PosSOLOHead with coord_mode='input'
# gives mmdet's outputs for the same weights (tested), and TorchFocalLoss needs no
# compiled CUDA kernel. mmdet zoo: 33.1 mask AP. Variants: solo-<change>_r50_fpn_1x_coco.py
_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)

model = dict(
    mask_head=dict(type='PosSOLOHead', coord_mode='input',
                   loss_cls=dict(type='TorchFocalLoss')))
