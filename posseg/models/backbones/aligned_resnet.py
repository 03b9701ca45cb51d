"""mmdet's and mmseg's ResNets in which a padding variant holds everywhere.

``backbone=dict(type='AlignedResNet', conv_cfg=dict(type='PadConv2d',
padding_mode=...), ...)``: the residual blocks align their identity path (so
``none`` and ``full``, which change feature sizes, run) and the stem's max-pool
pads as the convs do (a ``PadMaxPool2d`` of the same mode: no zero border is left in
the backbone). Weights and checkpoint keys are the parent's. ``coord_input=True``
makes the network's first conv a ``CoordConv2d`` (x, y and, with ``with_r``, the
radius beside the image's channels; its weight is new).

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

from ...layers import align_residuals, pool_with_padding, with_coords


class AlignedResNetMixin:
    """Mixin for a ResNet: once built, its blocks align their identity path
    (:func:`posseg.layers.align_residuals`) and its stem max-pool pads with the
    ``padding_mode`` of its ``conv_cfg`` (zeros: torch's max-pool, as before).

    Args:
        coord_input (bool): The first conv sees coordinates (a ``CoordConv2d``).
        with_r (bool): With ``coord_input``, a radius channel too.
    """

    def __init__(self, *args, coord_input=False, with_r=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.coord_input = coord_input
        if coord_input:
            if self.deep_stem:
                self.stem[0] = with_coords(self.stem[0], with_r)
            else:
                self.conv1 = with_coords(self.conv1, with_r)
        align_residuals(self)
        conv_cfg = self.conv_cfg or {}
        mode = conv_cfg.get('padding_mode', 'zeros')
        if mode != 'zeros':
            self.maxpool = pool_with_padding(self.maxpool, mode,
                                             conv_cfg.get('pad_value'))


@MMDET_MODELS.register_module()
class AlignedResNet(AlignedResNetMixin, MMDetResNet):
    """mmdet's ``ResNet`` with aligned residual blocks."""


@MMDET_MODELS.register_module()
class AlignedResNetV1d(AlignedResNetMixin, MMDetResNetV1d):
    """mmdet's ``ResNetV1d`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedSegResNet(AlignedResNetMixin, MMSegResNet):
    """mmseg's ``ResNet`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedResNetV1c(AlignedResNetMixin, MMSegResNetV1c):
    """mmseg's ``ResNetV1c`` with aligned residual blocks."""


@MMSEG_MODELS.register_module()
class AlignedSegResNetV1d(AlignedResNetMixin, MMSegResNetV1d):
    """mmseg's ``ResNetV1d`` with aligned residual blocks."""
