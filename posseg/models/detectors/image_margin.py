"""Detectors that give a padding-free feature extractor the context it consumes.

Without padding (``padding_mode='none'``) every conv takes pixels off the border:
a ResNet-18 + FPN turns a 128 px image into maps that cover only its center, or
into nothing. For a dense task the predictions must still cover the whole image,
so the image is extended by a margin *once*, at the input (the overlap-tile
strategy of U-Net), and each output level is center-cropped back to the image's
grid. The convs themselves still pad nothing. The margin is the smallest that
leaves every level at least ``ceil(size / stride)`` pixels; it is found once per
input size by tracing shapes on the meta device.
"""
import copy
import math

import torch
import torch.nn.functional as F
from mmdet.models.detectors import SOLO, SOLOv2
from mmdet.registry import MODELS

from ...layers import center_align
from ...utils.errors import PossegError

MARGIN_MODES = ('reflect', 'replicate', 'constant')
MAX_MARGIN = 4096


def extend_image(x, margin, mode='reflect'):
    """Pad ``x`` (N, C, H, W) by ``margin`` pixels on each side.

    ``reflect`` mirrors the image as often as the margin needs (torch reflects
    at most ``size - 1`` pixels at a time); ``constant`` pads zeros.

    Returns:
        Tensor: (N, C, H + 2 * margin, W + 2 * margin).
    """
    if mode not in MARGIN_MODES:
        raise PossegError(f'unknown margin mode {mode!r}; valid: {MARGIN_MODES}')
    if mode != 'reflect':
        return F.pad(x, (margin,) * 4, mode=mode)
    for dim in (-1, -2):  # each side by its own width, so mirrors tile evenly
        left = margin
        while left > 0:
            step = min(left, x.shape[dim] - 1)
            pad = (step, step, 0, 0) if dim == -1 else (0, 0, step, step)
            x = F.pad(x, pad, mode='reflect')
            left -= step
    return x


def smallest_margin(covers, what):
    """The smallest margin ``m`` with ``covers(m)`` (monotone in ``m``).

    Args:
        covers (callable): margin -> bool.
        what (str): The end of the error raised when no margin up to
            ``MAX_MARGIN`` covers.

    Returns:
        int: 0 when no margin is needed.
    """
    if covers(0):
        return 0
    high = 16
    while not covers(high):
        high *= 2
        if high > MAX_MARGIN:
            raise PossegError(f'no margin up to {MAX_MARGIN} px: {what}')
    low = high // 2 if high > 16 else 0  # covers(low) is False
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if covers(mid) else (mid, high)
    return high


def covering_margin(modules, in_channels, h, w, strides):
    """The smallest margin after which ``modules`` (applied in turn, e.g. backbone
    then neck) give each level at least ``ceil(size / stride)`` pixels.

    Shapes are traced on the meta device: nothing is computed.

    Args:
        modules (list[nn.Module]): The feature extractor, in order.
        in_channels (int): Input channels.
        h, w (int): Image size.
        strides (Sequence[int]): Stride of each output level.

    Returns:
        int: 0 where the convs keep sizes (any padding but ``none``).
    """
    probe = copy.deepcopy(torch.nn.ModuleList(modules)).to('meta')
    probe.eval()  # batch statistics of a 1-image probe would fail on 1x1 maps
    grid = [(math.ceil(h / s), math.ceil(w / s)) for s in strides]

    def covers(margin):
        x = torch.empty(1, in_channels, h + 2 * margin, w + 2 * margin,
                        device='meta')
        try:
            for module in probe:
                x = module(x)
        except RuntimeError:  # a map shrank to nothing
            return False
        if len(x) != len(grid):
            raise PossegError(f'feat_strides has {len(grid)} levels, the feature '
                              f'extractor gives {len(x)}; set one stride per '
                              'output level')
        return all(f.shape[-2] >= gh and f.shape[-1] >= gw
                   for f, (gh, gw) in zip(x, grid))

    return smallest_margin(covers, f'the feature extractor cannot cover a '
                                   f'{h}x{w} image')


class ImageMarginMixin:
    """Extend the input by the margin the feature extractor consumes.

    Args:
        margin_mode (str): How the margin is filled: ``reflect`` (default),
            ``replicate`` or ``constant`` (zeros: an image border the network
            can see, i.e. zero padding at the input only).
        feat_strides (Sequence[int]): Stride of each output level of the neck
            (of the backbone without a neck).
    """

    def __init__(self, *args, margin_mode='reflect', feat_strides=(4, 8, 16, 32, 64),
                 **kwargs):
        super().__init__(*args, **kwargs)
        if margin_mode not in MARGIN_MODES:
            raise PossegError(f'unknown margin_mode {margin_mode!r}; valid: '
                              f'{MARGIN_MODES}')
        self.margin_mode = margin_mode
        self.feat_strides = tuple(feat_strides)
        self._margins = {}

    def grid_sizes(self, h, w):
        """``(ceil(h / s), ceil(w / s))`` of each level: the image's grid."""
        return [(math.ceil(h / s), math.ceil(w / s)) for s in self.feat_strides]

    def margin(self, h, w):
        """The smallest margin whose levels cover the ``h x w`` image's grid.

        Returns:
            int: 0 where the convs keep sizes (any padding but ``none``).
        """
        if (h, w) not in self._margins:
            self._margins[h, w] = covering_margin(
                [self.backbone] + ([self.neck] if self.with_neck else []),
                self.backbone_in_channels, h, w, self.feat_strides)
        return self._margins[h, w]

    @property
    def backbone_in_channels(self):
        first = next(m for m in self.backbone.modules()
                     if isinstance(m, torch.nn.Conv2d))
        return first.in_channels

    def extract_feat(self, batch_inputs):
        h, w = batch_inputs.shape[-2:]
        margin = self.margin(h, w)
        feats = super().extract_feat(
            extend_image(batch_inputs, margin, self.margin_mode))
        return tuple(center_align(f, gh, gw)
                     for f, (gh, gw) in zip(feats, self.grid_sizes(h, w)))


@MODELS.register_module()
class MarginSOLO(ImageMarginMixin, SOLO):
    """``SOLO`` whose backbone and neck see the image with a margin
    (:class:`ImageMarginMixin`): runnable and aligned without padding. Same
    weights as ``SOLO``; with padded convs the margin is 0 and it is ``SOLO``.
    """


@MODELS.register_module()
class MarginSOLOv2(ImageMarginMixin, SOLOv2):
    """``SOLOv2`` with :class:`ImageMarginMixin`, as :class:`MarginSOLO`."""
