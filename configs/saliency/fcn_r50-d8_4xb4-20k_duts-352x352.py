# Salient object detection with mmseg's FCN R50-D8: trained on DUTS-TR (20k
# iterations, 4 GPUs x 4 images at 352 x 352, mmseg's SGD poly schedule), tested on
# ECSSD, PASCAL-S, DUT-OMRON and DUTS-TE in one run. ResNet-50-V1c from mmseg's
# ImageNet weights (open-mmlab://resnet50_v1c; offline, see data/README.md).
# One output channel, the probability of "salient" (sigmoid, binary cross-entropy):
# the map the saliency metrics read at 256 thresholds; two softmax classes would
# carry the same map with twice the output weights.
# posseg's variants: fcn-<change>_r50-d8_4xb4-20k_duts-352x352.py (change: padnone,
# padcircular, padreflect, padreplicate, padpartial, coordconv).
_base_ = [
    'mmseg::_base_/models/fcn_r50-d8.py', '../_base_/datasets/saliency_duts.py',
    'mmseg::_base_/default_runtime.py', 'mmseg::_base_/schedules/schedule_20k.py'
]
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)

crop_size = (352, 352)
binary = dict(num_classes=2, out_channels=1, threshold=0.5,
              loss_decode=dict(use_sigmoid=True))
model = dict(data_preprocessor=dict(size=crop_size),
             decode_head=binary, auxiliary_head=binary)
