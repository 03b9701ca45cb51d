"""Explicit coordinates: ``AddCoords`` and ``CoordConv2d`` (Liu et al., 2018)."""
import torch
import torch.nn as nn
from mmengine.registry import MODELS

from .pad_conv import PadConv2d


def radius(xy):
    """``sqrt(x^2 + y^2)`` of ``(N, 2, H, W)`` x, y channels, as ``(N, 1, H, W)``."""
    return xy.square().sum(1, keepdim=True).sqrt()


@MODELS.register_module()
class AddCoords(nn.Module):
    """Concatenate coordinate channels: x (along the width) and y, in [-1, 1].

    Args:
        with_r (bool): Also add the radius ``sqrt(x^2 + y^2)`` (not rescaled).

    The grid is cached per (height, width, device, dtype).
    """

    def __init__(self, with_r=False):
        super().__init__()
        self.with_r = with_r
        self._cache = {}

    @property
    def num_channels(self):
        """Number of channels added (2, or 3 with the radius)."""
        return 3 if self.with_r else 2

    def extra_repr(self):
        return f'with_r={self.with_r}'

    def grid(self, h, w, device, dtype):
        """The ``(1, C, h, w)`` coordinate channels.

        Returns:
            Tensor: x then y (then r), each in [-1, 1] (r in [0, sqrt(2)]).
        """
        key = (h, w, device, dtype)
        if key not in self._cache:
            y = torch.linspace(-1, 1, h, device=device, dtype=dtype) if h > 1 else \
                torch.zeros(1, device=device, dtype=dtype)
            x = torch.linspace(-1, 1, w, device=device, dtype=dtype) if w > 1 else \
                torch.zeros(1, device=device, dtype=dtype)
            yy, xx = torch.meshgrid(y, x, indexing='ij')
            xy = torch.stack([xx, yy])[None]
            if len(self._cache) >= 16:
                self._cache.clear()
            self._cache[key] = torch.cat([xy, radius(xy)], 1) if self.with_r else xy
        return self._cache[key]

    def forward(self, x):
        n, _, h, w = x.shape
        coords = self.grid(h, w, x.device, x.dtype).expand(n, -1, -1, -1)
        return torch.cat([x, coords], dim=1)


@MODELS.register_module()
class CoordConv2d(PadConv2d):
    """A ``PadConv2d`` that sees ``AddCoords`` channels beside its input.

    ``conv_cfg=dict(type='CoordConv2d', with_r=False, padding_mode=...)``; every
    ``padding_mode`` of :class:`PadConv2d` applies (the coordinate channels are
    padded like the input). As mmcv's conv layers, it reports the channels it is
    built with and takes: ``in_channels`` does not count the coordinate channels it
    adds itself (its weight has ``in_channels + add_coords.num_channels``).

    Args:
        in_channels (int): Channels of the input, without the coordinates.
        with_r (bool): Add the radius channel too.
        **kwargs: As :class:`PadConv2d`.
    """

    def __init__(self, in_channels, out_channels, kernel_size, *args, with_r=False,
                 **kwargs):
        add_coords = AddCoords(with_r)
        super().__init__(in_channels + add_coords.num_channels, out_channels,
                         kernel_size, *args, **kwargs)
        self.in_channels = in_channels
        self.add_coords = add_coords

    def forward(self, x):
        return super().forward(self.add_coords(x))
