"""mmdet's and mmseg's ResNets with residual blocks that survive any padding mode.

Use them where ``conv_cfg`` changes feature sizes (``padding_mode='none'`` or
``'full'``): ``backbone=dict(type='AlignedResNet', conv_cfg=dict(type='PadConv2d',
padding_mode='none'), ...)``. Weights and checkpoint keys are the parent's.

Registered names, one class each: mmdet ``AlignedResNet``, ``AlignedResNetV1d``;
mmseg ``AlignedSegResNet``, ``AlignedResNetV1c`` (mmseg's usual backbone),
``AlignedSegResNetV1d``.
"""
from mmdet.models.backbones import ResNet as MMDetResNet
from mmdet.models.backbones import ResNetV1d as MMDetResNetV1d
from mmdet.registry import MODELS as MMDET_MODELS
from mmseg.models.backbones import ResNet as MMSegResNet
from mmseg.models.backbones import ResNetV1c as MMSegResNetV1c
from mmseg.models.backbones import ResNetV1d as MMSegResNetV1d
from mmseg.registry import MODELS as MMSEG_MODELS

from ...layers import align_residuals


class AlignedResiduals:
    """Mixin for a ResNet: its blocks align their identity path once built
    (:func:`posseg.layers.align_residuals`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        align_residuals(self)


@MMDET_MODELS.register_module()
class AlignedResNet(AlignedResiduals, MMDetResNet):
    """mmdet's ``ResNet`` with aligned residual blocks."""


@MMDET_MODELS.register_module()
class AlignedResNetV1d(AlignedResiduals, MMDetResNetV1d):
    """mmdet's ``ResNetV1d`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedSegResNet(AlignedResiduals, MMSegResNet):
    """mmseg's ``ResNet`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedResNetV1c(AlignedResiduals, MMSegResNetV1c):
    """mmseg's ``ResNetV1c`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedSegResNetV1d(AlignedResiduals, MMSegResNetV1d):
    """mmseg's ``ResNetV1d`` with aligned residual blocks."""
