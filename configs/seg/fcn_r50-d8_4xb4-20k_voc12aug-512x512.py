# mmseg's FCN R50-D8 on PASCAL VOC 2012 + SBD aug (20k iterations, 4 GPUs x 4 images), as mmseg
# ships it: ResNet-50-V1c from mmseg's ImageNet weights (open-mmlab://resnet50_v1c,
# fetched by mmengine on first use; offline, see data/README.md), zero padding.
# posseg's variants: fcn-<change>_r50-d8_4xb4-20k_voc12aug-512x512.py (change: padnone,
# padcircular, padreflect, padreplicate, padpartial, coordconv).
_base_ = 'mmseg::fcn/fcn_r50-d8_4xb4-20k_voc12aug-512x512.py'
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)
