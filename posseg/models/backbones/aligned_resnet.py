"""mmdet's and mmseg's ResNets with residual blocks that survive any padding mode.

Use them where ``conv_cfg`` changes feature sizes (``padding_mode='none'`` or
``'full'``): ``backbone=dict(type='AlignedResNet', conv_cfg=dict(type='PadConv2d',
padding_mode='none'), ...)``. Weights and checkpoint keys are the parent's.
"""
from mmdet.models.backbones import ResNet as MMDetResNet
from mmdet.models.backbones import ResNetV1d as MMDetResNetV1d
from mmdet.registry import MODELS as MMDET_MODELS
from mmseg.models.backbones import ResNet as MMSegResNet
from mmseg.models.backbones import ResNetV1c as MMSegResNetV1c
from mmseg.models.backbones import ResNetV1d as MMSegResNetV1d
from mmseg.registry import MODELS as MMSEG_MODELS

from ...layers import align_residuals


def aligned(base):
    """A subclass of the ResNet ``base`` whose blocks align their identity path.

    Returns:
        type: ``Aligned<base name>``.
    """
    def __init__(self, *args, **kwargs):
        base.__init__(self, *args, **kwargs)
        align_residuals(self)

    return type(f'Aligned{base.__name__}', (base,), dict(
        __init__=__init__, __module__=__name__,
        __doc__=f'{base.__module__}.{base.__name__} with aligned residual blocks '
        '(posseg.layers.align_residuals).'))


AlignedResNet = MMDET_MODELS.register_module(module=aligned(MMDetResNet))
AlignedResNetV1d = MMDET_MODELS.register_module(module=aligned(MMDetResNetV1d))
MMSEG_MODELS.register_module(module=aligned(MMSegResNet))
MMSEG_MODELS.register_module(module=aligned(MMSegResNetV1c))
MMSEG_MODELS.register_module(module=aligned(MMSegResNetV1d))
