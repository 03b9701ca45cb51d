"""Keep residual blocks runnable when padding changes feature sizes.

Under ``padding_mode='none'`` a 3x3 conv shrinks its input by 2 pixels, under
``full`` it grows it by 2, so a residual block's two paths no longer meet at the same
size (the reason Islam et al. 2020 could not run ResNet without padding). The
identity path is then center-cropped, or zero-padded, to the residual path's size.
"""
import torch.nn as nn

from .map_align import center_align
from .pad_conv import conv_output_size

RESIDUAL_CONVS = ('conv1', 'conv2', 'conv3')


def module_output_size(module, h, w):
    """Spatial output size of a conv-like module for an ``h x w`` input.

    Returns:
        tuple[int, int]: ``(H_out, W_out)``.
    """
    if hasattr(module, 'output_size'):  # PadConv2d and CoordConv2d
        return module.output_size(h, w)
    if isinstance(module.padding, str):
        return (h, w) if module.padding == 'same' else conv_output_size(
            h, w, module.kernel_size, module.stride, (0, 0, 0, 0), module.dilation)
    ph, pw = module.padding
    return conv_output_size(h, w, module.kernel_size, module.stride,
                            (pw, pw, ph, ph), module.dilation)


class AlignedDownsample(nn.Sequential):
    """A residual block's identity path, aligned to its residual path's size.

    It holds the block's original ``downsample`` layers (so checkpoint keys stay
    ``downsample.0.*``) and references, without owning, the convs of the residual
    path to compute its size.

    Args:
        *layers: The original downsample layers (none for a plain identity).
        residual_convs (Sequence[nn.Module]): The block's residual convs in order.
    """

    def __init__(self, *layers, residual_convs=()):
        super().__init__(*layers)
        self.residual_convs = tuple(residual_convs)

    def forward(self, x):
        identity = super().forward(x)
        h, w = x.shape[-2:]
        for conv in self.residual_convs:
            h, w = module_output_size(conv, h, w)
        return center_align(identity, h, w)


def align_residuals(model):
    """Align the identity path of every ResNet-style block of ``model``, in place.

    A block is a module with a ``downsample`` attribute and ``conv1``, ``conv2``
    (and ``conv3``) convs: mmdet's, mmseg's and torchvision's BasicBlock and
    Bottleneck. Aligning is a no-op where sizes already match.

    Args:
        model (nn.Module): Any model.

    Returns:
        int: Number of blocks aligned.
    """
    count = 0
    for block in model.modules():
        if (not hasattr(block, 'downsample') or not hasattr(block, 'conv2')
                or isinstance(block.downsample, AlignedDownsample)):
            continue
        convs = [getattr(block, n) for n in RESIDUAL_CONVS if hasattr(block, n)]
        layers = list(block.downsample) if block.downsample is not None else []
        block.downsample = AlignedDownsample(*layers, residual_convs=convs)
        count += 1
    return count
