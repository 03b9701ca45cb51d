# FCN on VGG16-BN trained from scratch, the encoder and setting of Islam et al.
# (ICLR 2020: 23.1 mIoU on VOC 2012 val with zero padding, 12.3 without), with
# mmseg's FCN R50-D8 pipeline and schedule on Cityscapes. relu5_3 (stride 16) feeds
# the FCN head; no auxiliary head. ImageNet weights instead (optional):
#   python tools/convert_torchvision.py vgg16_bn vgg16_bn-6c64b313.pth data/pretrained/vgg16_bn.pth
#   --cfg-options model.backbone.init_cfg.type=Pretrained \
#       model.backbone.init_cfg.checkpoint=data/pretrained/vgg16_bn.pth
# posseg's variants: fcn-<change>_vgg16_4xb2-80k_cityscapes-512x1024.py.
_base_ = './fcn_r50-d8_4xb2-80k_cityscapes-512x1024.py'

model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, type='VGG16', out_indices=(4,),
                  norm_cfg=dict(type='SyncBN', requires_grad=True)),
    decode_head=dict(in_channels=512, in_index=0),
    auxiliary_head=None)
