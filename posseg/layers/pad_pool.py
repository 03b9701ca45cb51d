"""``PadMaxPool2d``: a max-pool whose border follows the padding variant.

A padded pooling layer is a border the network sees like a conv's: ResNet's stem
max-pool (3x3, stride 2, padding 1) alone gave a circular-padded SOLO most of the
position it used. Under a padding variant it pads as the convs do.
"""
import math

import torch.nn as nn
import torch.nn.functional as F
from mmengine.registry import MODELS
from torch.nn.modules.utils import _pair

from .pad_conv import border_sizes, check_padding_mode, padding_layer


@MODELS.register_module()
class PadMaxPool2d(nn.MaxPool2d):
    """``nn.MaxPool2d`` with the padding modes of :class:`PadConv2d`.

    ``zeros`` (and ``partial``) is torch's max-pool: its padding never wins the max
    (it is -inf), i.e. windows at the border pool only the pixels they cover.
    ``none`` pools without padding; ``full`` pads ``dilation * (kernel - 1)`` with
    -inf; the other modes pad with the layer ``PadConv2d`` uses (wrapped, mirrored,
    replicated, constant, registered) and pool the padded map.

    Args:
        kernel_size, stride, padding, dilation, ceil_mode: As ``nn.MaxPool2d``
            (``.padding`` keeps the padding asked for).
        padding_mode (str): A mode of ``PadConv2d``.
        pad_value (float, optional): The value of ``constant`` padding.
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1,
                 ceil_mode=False, padding_mode='zeros', pad_value=None):
        check_padding_mode(type(self).__name__, padding_mode, pad_value)
        super().__init__(kernel_size, stride, padding, dilation, False, ceil_mode)
        self.padding_mode = padding_mode
        self.pad_value = pad_value
        kernel, dilation = _pair(self.kernel_size), _pair(self.dilation)
        self.border = border_sizes(_pair(self.padding), kernel, dilation)
        self.pool_padding = 0
        self.pad_layer = None
        if padding_mode in ('zeros', 'partial'):
            self.pool_padding = self.padding
        elif padding_mode == 'full':
            fh, fw = (d * (k - 1) for d, k in zip(dilation, kernel))
            self.pad_layer = nn.ConstantPad2d((fw, fw, fh, fh), -math.inf)
        elif padding_mode != 'none':
            self.pad_layer = padding_layer(padding_mode, self.border, pad_value)

    def extra_repr(self):
        return super().extra_repr() + f', padding_mode={self.padding_mode}'

    def forward(self, x):
        if self.pad_layer is not None:
            x = self.pad_layer(x)
        return F.max_pool2d(x, self.kernel_size, self.stride, self.pool_padding,
                            self.dilation, self.ceil_mode)


def pool_with_padding(pool, padding_mode, pad_value=None):
    """A :class:`PadMaxPool2d` with the geometry of ``pool`` (an ``nn.MaxPool2d``).

    Returns:
        PadMaxPool2d: In ``pool``'s train/eval state.
    """
    if pool.return_indices:
        raise ValueError('pool_with_padding: a max-pool that returns indices '
                         'cannot change its padding')
    return PadMaxPool2d(pool.kernel_size, pool.stride, pool.padding, pool.dilation,
                        pool.ceil_mode, padding_mode, pad_value).train(pool.training)
