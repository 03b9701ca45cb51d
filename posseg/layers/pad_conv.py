"""``PadConv2d``: an ``nn.Conv2d`` whose border handling is a config value."""
import re

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_padding_layer
from mmengine.registry import MODELS
from torch.nn.modules.utils import _pair

from .circular_pad import CircularPad2d

NATIVE_MODES = ('zeros', 'circular', 'reflect', 'replicate')
POSSEG_MODES = ('none', 'full', 'constant', 'partial')
VALID_MODES_HINT = (
    ', '.join(NATIVE_MODES + POSSEG_MODES) + ", or the name of a padding layer "
    "registered in mmengine's MODELS (e.g. mmcv's 'zero'); to add one, register an "
    "nn.Module taking padding=(left, right, top, bottom): see docs/custom_padding.md")


def _registered_padding(mode):
    """The padding layer class registered under ``mode``, or None."""
    with MODELS.switch_scope_and_registry(None) as registry:
        return registry.get(mode)


def check_padding_mode(name, padding_mode, pad_value=None):
    """Raise ``ValueError`` (naming the layer, the valid modes and the extension
    point) unless ``padding_mode`` is known and ``pad_value`` goes with it."""
    if not isinstance(padding_mode, str) or (
            padding_mode not in NATIVE_MODES + POSSEG_MODES
            and _registered_padding(padding_mode) is None):
        raise ValueError(f'{name}: unknown padding_mode {padding_mode!r}; '
                         f'valid: {VALID_MODES_HINT}')
    if pad_value is not None and padding_mode != 'constant':
        raise ValueError(f'{name}: pad_value={pad_value} is only used with '
                         f"padding_mode='constant', got {padding_mode!r}")


def padding_layer(mode, border, pad_value=None):
    """The layer that pads ``border`` = (left, right, top, bottom) in ``mode``.

    Args:
        mode (str): ``circular``, ``reflect``, ``replicate``, ``constant`` or a
            padding layer registered in ``MODELS``.
        border (tuple[int]): ``(left, right, top, bottom)``.
        pad_value (float, optional): For ``constant`` (default 0).

    Returns:
        nn.Module | None: None when there is nothing to pad.
    """
    if not any(border):
        return None
    layers = dict(circular=CircularPad2d, reflect=nn.ReflectionPad2d,
                  replicate=nn.ReplicationPad2d)
    if mode in layers:
        return layers[mode](border)
    if mode == 'constant':
        return nn.ConstantPad2d(border, pad_value or 0.)
    return build_padding_layer(dict(type=mode), border)


def border_sizes(padding, kernel_size, dilation):
    """``(left, right, top, bottom)`` of a conv's ``padding`` (tuple, ``'same'`` or
    ``'valid'``), as torch pads them."""
    if padding == 'valid':
        return (0, 0, 0, 0)
    if padding == 'same':
        (kh, kw), (dh, dw) = kernel_size, dilation
        th, tw = dh * (kh - 1), dw * (kw - 1)
        return (tw // 2, tw - tw // 2, th // 2, th - th // 2)
    ph, pw = padding
    return (pw, pw, ph, ph)


@MODELS.register_module()
class PadConv2d(nn.Conv2d):
    """``nn.Conv2d`` with a configurable way of padding the border.

    ``conv_cfg=dict(type='PadConv2d', padding_mode=...)`` reaches every conv that
    mmdet/mmseg build with ``build_conv_layer``. The mode is resolved once, here:
    ``forward`` pads with ``pad_layer`` (if the mode has one) and convolves with
    ``conv_padding`` (zeros the convolution adds itself).

    Args:
        in_channels, out_channels, kernel_size, stride, padding, dilation, groups,
            bias, device, dtype: As ``nn.Conv2d``. ``padding`` is the padding the
            architecture asks for (``.padding`` keeps it); the mode decides what is
            done with it.
        padding_mode (str): ``zeros``, ``circular``, ``reflect``, ``replicate``
            (torch's own modes: the values of ``nn.Conv2d``; ``circular`` by
            ``circular_pad``, whose backward makes fewer full-size copies);
            ``none`` (valid convolution: the requested padding is ignored); ``full``
            (zero padding of ``dilation * (kernel - 1)``, the F-conv); ``constant``
            (padding with ``pad_value``); ``partial`` (zero padding, border outputs
            re-weighted by window size / valid pixels, Liu et al. 2018); or the name
            of a padding layer registered in ``MODELS``, built with
            ``padding=(left, right, top, bottom)``. ``.padding_mode`` keeps it.
        pad_value (float, optional): The value of ``constant`` padding (default 0).
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 dilation=1, groups=1, bias=True, padding_mode='zeros',
                 pad_value=None, device=None, dtype=None):
        check_padding_mode(type(self).__name__, padding_mode, pad_value)
        super().__init__(in_channels, out_channels, kernel_size, stride, padding,
                         dilation, groups, bias, 'zeros', device, dtype)
        self.padding_mode = padding_mode
        self.pad_value = pad_value
        self.border = border_sizes(self.padding, self.kernel_size, self.dilation)
        self.pad_layer, self.conv_padding = self._resolve()
        self._ratio_cache = {}

    def _resolve(self):
        """``(pad_layer or None, conv_padding)`` of the mode."""
        mode = self.padding_mode
        if mode in ('zeros', 'partial'):
            return None, self.padding
        if mode == 'none':
            return None, (0, 0)
        if mode == 'full':
            return None, tuple(d * (k - 1) for d, k in zip(self.dilation,
                                                          self.kernel_size))
        return padding_layer(mode, self.border, self.pad_value), (0, 0)

    def extra_repr(self):
        return (re.sub(r', padding_mode=\w+', '', super().extra_repr())
                + f', padding_mode={self.padding_mode}'
                + (f', pad_value={self.pad_value}' if self.pad_value is not None
                   else ''))

    def _describe(self):
        return (f'{type(self).__name__}({self.in_channels}, {self.out_channels}, '
                f'kernel_size={self.kernel_size}, padding={self.padding}, '
                f'padding_mode={self.padding_mode!r})')

    def _check_wrapping(self, x):
        """reflect needs padding < size, circular padding <= size (named error)."""
        h, w = x.shape[-2:]
        left, right, top, bottom = self.border
        limit_h, limit_w = (h - 1, w - 1) if self.padding_mode == 'reflect' else (h, w)
        if max(top, bottom) > limit_h or max(left, right) > limit_w:
            raise ValueError(
                f'{self._describe()}: {self.padding_mode} padding of '
                f'(left, right, top, bottom)={self.border} does not '
                f'fit an input of {h}x{w}; use a smaller padding, a larger input '
                'or another padding_mode')

    def forward(self, x):
        if self.pad_layer is not None:
            if self.padding_mode in ('reflect', 'circular'):
                self._check_wrapping(x)
            x = self.pad_layer(x)
        out = F.conv2d(x, self.weight, None if self.padding_mode == 'partial'
                       else self.bias, self.stride, self.conv_padding,
                       self.dilation, self.groups)
        if self.padding_mode != 'partial':
            return out
        out = out * self.partial_ratio(x.shape[-2:], x.device, x.dtype)
        return out if self.bias is None else out + self.bias.view(1, -1, 1, 1)

    def partial_ratio(self, size, device, dtype):
        """Window size / valid (non-padding) pixels per output position.

        Args:
            size (tuple[int, int]): Input height and width.
            device, dtype: Of the returned map.

        Returns:
            Tensor: ``(1, 1, H_out, W_out)``, cached per size, device and dtype.
        """
        key = (tuple(size), device, dtype)
        if key not in self._ratio_cache:
            ones = torch.ones(1, 1, *size, device=device, dtype=dtype)
            window = torch.ones(1, 1, *self.kernel_size, device=device, dtype=dtype)
            valid = F.conv2d(ones, window, None, self.stride, self.conv_padding,
                             self.dilation)
            ratio = window.numel() / valid.clamp(min=1)
            if len(self._ratio_cache) >= 16:
                self._ratio_cache.clear()
            self._ratio_cache[key] = torch.where(valid > 0, ratio,
                                                 torch.zeros_like(ratio))
        return self._ratio_cache[key]

    def output_size(self, h, w):
        """Spatial output size for an ``h x w`` input.

        Returns:
            tuple[int, int]: ``(H_out, W_out)``.
        """
        pad = (self.border if self.pad_layer is not None else border_sizes(
            self.conv_padding, self.kernel_size, self.dilation))
        return conv_output_size(h, w, self.kernel_size, self.stride, pad,
                                self.dilation)


def conv_output_size(h, w, kernel_size, stride, left_right_top_bottom, dilation):
    """Output size of a 2D convolution (or pooling) window.

    Returns:
        tuple[int, int]: ``(H_out, W_out)``.
    """
    left, right, top, bottom = left_right_top_bottom
    kh, kw = _pair(kernel_size)
    sh, sw = _pair(stride)
    dh, dw = _pair(dilation)
    return ((h + top + bottom - dh * (kh - 1) - 1) // sh + 1,
            (w + left + right - dw * (kw - 1) - 1) // sw + 1)
