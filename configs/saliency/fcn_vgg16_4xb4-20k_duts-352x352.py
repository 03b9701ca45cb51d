# Saliency with FCN on VGG16-BN trained from scratch, the encoder of Islam et al.
# (ICLR 2020: F-measure .78 on ECSSD with zero padding, .36 without), on DUTS-TR;
# relu5_3 (stride 16) feeds the FCN head, no auxiliary head. ImageNet weights
# instead (optional): see configs/seg/fcn_vgg16_4xb4-20k_voc12aug-512x512.py.
# posseg's variants: fcn-<change>_vgg16_4xb4-20k_duts-352x352.py.
_base_ = './fcn_r50-d8_4xb4-20k_duts-352x352.py'

model = dict(
    pretrained=None,
    backbone=dict(_delete_=True, type='VGG16', out_indices=(4,),
                  norm_cfg=dict(type='SyncBN', requires_grad=True)),
    decode_head=dict(in_channels=512, in_index=0),
    auxiliary_head=None)
