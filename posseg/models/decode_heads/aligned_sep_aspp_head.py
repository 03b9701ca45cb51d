"""mmseg's DeepLabV3+ head with its padding set by ``conv_cfg`` and maps aligned."""
import torch
from mmcv.cnn import DepthwiseSeparableConvModule, build_conv_layer
from mmseg.models.decode_heads import DepthwiseSeparableASPPHead
from mmseg.registry import MODELS

from ...layers import upsample_onto
from .aligned_aspp_head import AlignedASPPHead
from .logit_grid import LogitGridMixin


@MODELS.register_module()
class AlignedDepthwiseSeparableASPPHead(LogitGridMixin, AlignedASPPHead,
                                        DepthwiseSeparableASPPHead):
    """``DepthwiseSeparableASPPHead`` whose every conv follows ``conv_cfg``.

    mmseg builds the head's depthwise-separable convs without ``conv_cfg``, so a
    padding variant does not reach them; here they are rebuilt with it, keeping the
    weights mmseg initialised (and the random stream), so a seed gives the stock
    head's weights. The ASPP branches are center-cropped as in
    :class:`AlignedASPPHead`, and the ASPP output is upsampled onto the low-level
    (c1) map by :func:`upsample_onto`. Under zero padding it is
    ``DepthwiseSeparableASPPHead``: same arguments, weights and outputs, for maps
    that padded convs make (c1 of size ``n``, ASPP input ``ceil(n / ratio)``).
    Differs by design: maps no padded network makes (e.g. 45 and 21 px, mmseg's
    unit test) are taken as shrunk by valid convs, upsampled by
    ``c1_stride_ratio`` and center-cropped (42 px out, where mmseg stretches to 45).
    ``logit_grid``: :class:`LogitGridMixin`.

    Args:
        c1_stride_ratio (int): The stride of the ASPP input over that of the c1
            input (``inputs[0]``): 2 for mmseg's ``-d8`` configs, 4 for ``-d16``.
            Used where valid (full) convs shrank (grew) the maps; maps that padded
            convs made at another ratio raise (it would crop the output).
        **kwargs: Those of ``DepthwiseSeparableASPPHead``.
    """

    def __init__(self, c1_stride_ratio=2, **kwargs):
        if kwargs.get('coord_mode', 'none') != 'none':
            # its separable convs are rebuilt below, over any CoordConv
            raise ValueError(f'{type(self).__name__}: coord_mode is not supported '
                             "yet (its convs are depthwise-separable); use 'none'")
        super().__init__(**kwargs)
        self.c1_stride_ratio = c1_stride_ratio
        separable = [m for m in self.modules()
                     if isinstance(m, DepthwiseSeparableConvModule)]
        for module in separable:
            for conv_module in (module.depthwise_conv, module.pointwise_conv):
                conv = conv_module.conv
                with torch.random.fork_rng(devices=[]):  # stock's random stream
                    conv_module.conv = build_conv_layer(
                        self.conv_cfg, conv.in_channels, conv.out_channels,
                        conv.kernel_size, stride=conv.stride, padding=conv.padding,
                        dilation=conv.dilation, groups=conv.groups,
                        bias=conv.bias is not None)
                conv_module.conv.load_state_dict(conv.state_dict())

    def _check_stride_ratio(self, c1, x):
        """Raise if ``c1`` and ``x`` come from padded convs at another stride ratio."""
        def padded_at(ratio):  # x = ceil(c1 / ratio), as padded strided convs give
            return all(0 <= ratio * s - f < ratio
                       for s, f in zip(x.shape[-2:], c1.shape[-2:]))
        if padded_at(self.c1_stride_ratio):
            return
        actual = [r for r in (1, 2, 4, 8, 16, 32) if padded_at(r)]
        if actual:
            raise ValueError(
                f'{type(self).__name__}: c1_stride_ratio={self.c1_stride_ratio} but '
                f'the maps ({tuple(c1.shape[-2:])} and {tuple(x.shape[-2:])} px) are '
                f'{actual[0]}x apart; set decode_head.c1_stride_ratio={actual[0]} '
                '(4 for -d16 models, 2 for -d8)')

    def forward(self, inputs):
        """Segmentation logits (N, num_classes, H, W)."""
        with self.resampling():
            output = self._forward_feature(inputs)
            if self.c1_bottleneck is not None:
                self._check_stride_ratio(inputs[0], inputs[self.in_index])
                c1_output = self.c1_bottleneck(inputs[0])
                output, c1_output = upsample_onto(
                    output, c1_output, self.c1_stride_ratio, self.align_corners)
                output = torch.cat([output, c1_output], dim=1)
            return self.crop_to_logit_grid(self.cls_seg(self.sep_bottleneck(output)))
