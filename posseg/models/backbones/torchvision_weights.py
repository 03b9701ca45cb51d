"""torchvision's ImageNet checkpoints under the keys of the backbones posseg builds.

=============  ==================================  ==============================
torchvision    backbone (``type``)                 dropped
=============  ==================================  ==============================
``vgg16``      ``VGG16`` (posseg)                  ``classifier.*``
``vgg16_bn``   ``VGG16`` with ``norm_cfg=BN``      ``classifier.*``
``resnetN``    mmdet's / mmseg's ``ResNet`` of     ``fc.*``
               depth N (torchvision's 7x7 stem,
               ``style='pytorch'``), and posseg's
               ``AlignedResNet`` / ``AlignedSegResNet``
=============  ==================================  ==============================

The deep-stem ResNets (``ResNetV1c`` / ``V1d``, mmseg's usual backbone) have no
torchvision counterpart: their stem is three 3x3 convs.
"""
import torch
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from ...utils.checkpoints import fit_report
from ...utils.errors import PossegError

BACKBONES = dict(
    vgg16=(dict(type='VGG16'), 'classifier.'),
    vgg16_bn=(dict(type='VGG16', norm_cfg=dict(type='BN')), 'classifier.'),
    **{f'resnet{d}': (dict(type='ResNet', depth=d), 'fc.')
       for d in (18, 34, 50, 101, 152)})


class ConversionError(PossegError):
    """torchvision weights that do not fit the backbone they are converted for."""


def build_backbone(arch):
    """The backbone a torchvision ``arch`` converts to, randomly initialised."""
    if arch not in BACKBONES:
        raise ConversionError(f'unknown architecture {arch!r}; valid: '
                              f'{", ".join(BACKBONES)}')
    with DefaultScope.overwrite_default_scope('mmseg'):
        return MODELS.build(BACKBONES[arch][0])


def convert_torchvision(arch, weights):
    """Rename (and filter) torchvision weights for the backbone of ``arch``.

    Args:
        arch (str): A key of ``BACKBONES``, e.g. ``vgg16`` or ``resnet50``.
        weights (dict[str, Tensor]): torchvision's state dict.

    Returns:
        dict[str, Tensor]: Every weight of the backbone, under its key. BatchNorm
        ``num_batches_tracked`` counters that the file lacks are set to 0.

    Raises:
        ConversionError: The weights do not fit the backbone exactly.
    """
    backbone = build_backbone(arch)
    head = BACKBONES[arch][1]
    converted = {k: v for k, v in weights.items() if not k.startswith(head)}
    for key in backbone.state_dict():
        if key.endswith('num_batches_tracked') and key not in converted:
            converted[key] = torch.tensor(0, dtype=torch.long)
    report = fit_report(backbone, converted)
    if report is not None:
        raise ConversionError(f'the weights do not fit torchvision\'s {arch} '
                              f'backbone: {report}; check the architecture name')
    return converted
