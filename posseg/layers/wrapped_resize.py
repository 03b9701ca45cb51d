"""Resampling that wraps around the map's edges, for circular padding.

Under circular padding every conv treats its input as a torus. ``F.interpolate``
does not: at the edge it clamps (repeats the edge pixel), a border that the convs
after it can find. :func:`interpolate_wrapped` resizes a map as one period of a
periodic signal; inside :class:`WrapAroundResampling` every ``F.interpolate`` (and
so every ``nn.Upsample``) does that, so a head's own forward runs unchanged.
"""
import inspect
import math
from contextlib import nullcontext

import torch.nn.functional as F
from torch.nn.modules.utils import _pair
from torch.overrides import TorchFunctionMode

WRAPPED_MODES = ('nearest', 'bilinear')


def _output_size(size, shape, scale_factor):
    if size is not None:
        return _pair(size)
    return tuple(math.floor(n * s) for n, s in zip(shape, _pair(scale_factor)))


def interpolate_wrapped(input, size=None, scale_factor=None, mode='nearest',
                        align_corners=None, recompute_scale_factor=None,
                        antialias=False):
    """``F.interpolate`` of a map (N, C, H, W) that repeats beyond its edges.

    The map is padded circularly by ``p`` pixels per side where ``p`` resizes to a
    whole number ``q`` of output pixels (``p / q = in / out``), resized, and
    cropped by ``q``: each output pixel samples where ``F.interpolate`` samples
    (scale ``in / out``), but its neighbours across an edge are the wrapped ones,
    not the clamped edge pixel.

    Args:
        input, size, scale_factor, mode, align_corners, recompute_scale_factor,
        antialias: As ``F.interpolate``; ``mode`` nearest or bilinear, without
            ``align_corners`` or ``antialias`` (they have no periodic meaning).

    Returns:
        Tensor: (N, C, *size).
    """
    if mode not in WRAPPED_MODES or align_corners or antialias:
        raise ValueError(
            f'interpolate_wrapped: cannot wrap mode={mode!r}, align_corners='
            f'{align_corners}, antialias={antialias}; wrapped resampling supports '
            f'{" and ".join(WRAPPED_MODES)} without align_corners and antialias')
    out = _output_size(size, input.shape[-2:], scale_factor)
    pads, crops = [], []
    for n_in, n_out in zip(input.shape[-2:], out):
        common = math.gcd(n_in, n_out)
        pads.append(n_in // common)
        crops.append(n_out // common)
    (ph, pw), (qh, qw) = pads, crops
    padded = F.pad(input, (pw, pw, ph, ph), mode='circular')
    resized = F.interpolate(padded, size=(out[0] + 2 * qh, out[1] + 2 * qw),
                            mode=mode)
    return resized[..., qh:qh + out[0], qw:qw + out[1]]


_INTERPOLATE_ARGS = inspect.signature(F.interpolate)


class WrapAroundResampling(TorchFunctionMode):
    """Within this context every ``F.interpolate`` is :func:`interpolate_wrapped`.

    Example::

        with WrapAroundResampling():
            outputs = head(feats)  # mmdet's forward, resizing with wrapped edges
    """

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is F.interpolate:
            bound = _INTERPOLATE_ARGS.bind(*args, **kwargs)
            return interpolate_wrapped(*bound.args, **bound.kwargs)
        return func(*args, **kwargs)


class CircularResamplingMixin:
    """For a head with a ``conv_cfg``: under circular padding its forward resamples
    with wrapped edges (inside :class:`WrapAroundResampling`); otherwise as before.
    A head that overrides ``forward`` itself runs it inside ``self.resampling()``.
    """

    @property
    def wraps_resampling(self):
        """Whether the head's convs pad circularly, so its resizing wraps."""
        return (getattr(self, 'conv_cfg', None) or {}).get('padding_mode') == 'circular'

    def resampling(self):
        """The context the head resamples in: wrapped under circular padding."""
        return WrapAroundResampling() if self.wraps_resampling else nullcontext()

    def forward(self, *args, **kwargs):
        with self.resampling():
            return super().forward(*args, **kwargs)
