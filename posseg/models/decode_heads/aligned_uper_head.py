"""mmseg's UPerHead whose pyramid levels meet on the same image pixels."""
import torch
from mmseg.models.decode_heads import UPerHead
from mmseg.registry import MODELS

from ...layers import center_align, crop_to_pyramid, upsample_onto
from .circular_logits import CircularLogitsMixin
from .logit_grid import LogitGridMixin


@MODELS.register_module()
class AlignedUPerHead(LogitGridMixin, CircularLogitsMixin, UPerHead):
    """``UPerHead`` for levels that valid (or full) convs have shrunk (grown) unevenly.

    mmseg's ``UPerHead`` resizes a coarser map to the finer map's size, which
    stretches it when the two do not cover the same image region. Here the inputs
    are first center-cropped to a 2x pyramid (:func:`crop_to_pyramid`), and a
    coarser map is upsampled onto a finer one by their stride ratio
    (:func:`upsample_onto`). Where sizes differ only by the rounding of a strided
    conv (zero, circular, reflect padding) it resizes as ``UPerHead`` does: same
    arguments, weights and outputs. ``logit_grid``: :class:`LogitGridMixin`.
    """

    def forward(self, inputs):
        """Segmentation logits (N, num_classes, H, W)."""
        return self.crop_to_logit_grid(super().forward(inputs))

    def _forward_feature(self, inputs):
        inputs = crop_to_pyramid(self._transform_inputs(inputs))
        laterals = [conv(inputs[i]) for i, conv in enumerate(self.lateral_convs)]
        laterals.append(self.psp_forward(inputs))
        for i in range(len(laterals) - 1, 0, -1):
            up, fine = upsample_onto(laterals[i], laterals[i - 1], 2,
                                     self.align_corners)
            laterals[i - 1] = fine + up
        outs = [conv(lateral) for conv, lateral in zip(self.fpn_convs, laterals)]
        outs.append(laterals[-1])
        outs[1:] = [upsample_onto(out, outs[0], 2**i, self.align_corners)[0]
                    for i, out in enumerate(outs[1:], start=1)]
        h = min(out.shape[-2] for out in outs)
        w = min(out.shape[-1] for out in outs)
        return self.fpn_bottleneck(
            torch.cat([center_align(out, h, w) for out in outs], dim=1))
