"""Change the padding of a built model whose builders take no ``conv_cfg``."""
from fnmatch import fnmatchcase

import torch.nn as nn
from mmcv.cnn.bricks.wrappers import Conv2d as MMCVConv2d
from mmengine.logging import print_log
from torch.nn.modules.utils import _pair

from .coord_conv import CoordConv2d
from .pad_conv import PadConv2d
from .pad_pool import PadMaxPool2d, pool_with_padding
from .residual_align import align_residuals

# exact types only: subclasses with a forward of their own (deformable, adaptive
# padding, ...) would lose it when rebuilt as a PadConv2d
CONVERTIBLE = (nn.Conv2d, MMCVConv2d, PadConv2d, CoordConv2d)
POOLS = (nn.MaxPool2d, PadMaxPool2d)


def _selected(name, include, exclude):
    if include is not None and not any(fnmatchcase(name, p) for p in include):
        return False
    return exclude is None or not any(fnmatchcase(name, p) for p in exclude)


def with_padding(conv, padding_mode, pad_value=None):
    """A copy of ``conv`` as :class:`PadConv2d` that shares its parameters.

    Args:
        conv (nn.Conv2d): An ``nn.Conv2d``, mmcv ``Conv2d``, ``PadConv2d`` or
            ``CoordConv2d`` (which stays a ``CoordConv2d``).
        padding_mode (str): Any mode of :class:`PadConv2d`.
        pad_value (float, optional): For ``constant``.

    Returns:
        PadConv2d: Same geometry, the same weight and bias Parameter objects (so
        optimizers and tied weights still see them), same train/eval state.
    """
    kwargs = dict(
        in_channels=conv.in_channels, out_channels=conv.out_channels,
        kernel_size=conv.kernel_size, stride=conv.stride,
        padding=conv.padding,
        dilation=conv.dilation, groups=conv.groups, bias=conv.bias is not None,
        padding_mode=padding_mode, pad_value=pad_value, device='meta')
    cls = PadConv2d
    if isinstance(conv, CoordConv2d):
        cls = CoordConv2d
        kwargs['with_r'] = conv.add_coords.with_r
    new = cls(**kwargs)
    new.weight = conv.weight
    new.bias = conv.bias
    return new.train(conv.training)


def with_coords(conv, with_r=False):
    """A :class:`CoordConv2d` in place of ``conv``: its geometry and padding.

    Args:
        conv (nn.Conv2d): An ``nn.Conv2d``, mmcv ``Conv2d`` or ``PadConv2d``.
        with_r (bool): Add the radius channel too.

    Returns:
        CoordConv2d: New, initialised weights (it takes 2 or 3 more input channels),
        same train/eval state, on ``conv``'s device and dtype.
    """
    if isinstance(conv, CoordConv2d):
        raise ValueError('with_coords: the conv is a CoordConv2d already')
    new = CoordConv2d(
        conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride,
        conv.padding, conv.dilation, conv.groups, conv.bias is not None,
        with_r=with_r, padding_mode=getattr(conv, 'padding_mode', 'zeros'),
        pad_value=getattr(conv, 'pad_value', None),
        device=conv.weight.device, dtype=conv.weight.dtype)
    return new.train(conv.training)


def convert_padding(model, padding_mode, include=None, exclude=None,
                    pad_value=None):
    """Replace the padding of every matching 2D conv and max-pool, in place.

    For models whose builders take no ``conv_cfg`` (torchvision models, mmdet's
    SOLOHead). Padded max-pools (ResNet's stem) become :class:`PadMaxPool2d` of the
    same mode, so that no border of theirs is left. ResNet-style blocks are then
    aligned (:func:`align_residuals`) so that ``none`` and ``full`` keep them
    runnable. Forward hooks on replaced layers are not carried over.

    Args:
        model (nn.Module): The model.
        padding_mode (str): Any mode of :class:`PadConv2d`.
        include (list[str], optional): Glob patterns of qualified module names to
            convert, e.g. ``['backbone.*']``; default all.
        exclude (list[str], optional): Glob patterns to leave alone.
        pad_value (float, optional): For ``constant``.

    Returns:
        list[str]: The qualified names of the converted convs and pools.
    """
    converted = []
    for parent_name, parent in list(model.named_modules()):
        for name, child in list(parent.named_children()):
            full_name = f'{parent_name}.{name}' if parent_name else name
            if not _selected(full_name, include, exclude):
                continue
            if type(child) in CONVERTIBLE:
                new = with_padding(child, padding_mode, pad_value)
            elif type(child) in POOLS and any(_pair(child.padding)):
                new = pool_with_padding(child, padding_mode, pad_value)
            else:
                continue
            setattr(parent, name, new)
            converted.append(full_name)
    align_residuals(model)
    print_log(f'convert_padding: {len(converted)} convs and pools now pad with '
              f'{padding_mode!r}', logger='current')
    return converted
