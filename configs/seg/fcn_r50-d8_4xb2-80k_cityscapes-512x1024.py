# mmseg's FCN R50-D8 on Cityscapes (80k iterations, 4 GPUs x 2 images), as mmseg
# ships it: ResNet-50-V1c from mmseg's ImageNet weights (open-mmlab://resnet50_v1c,
# fetched by mmengine on first use; offline, see data/README.md), zero padding.
# posseg's variants: fcn-<change>_r50-d8_4xb2-80k_cityscapes-512x1024.py (change: padnone,
# padcircular, padreflect, padreplicate, padpartial, coordconv).
_base_ = 'mmseg::fcn/fcn_r50-d8_4xb2-80k_cityscapes-512x1024.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)
