"""mmseg's UPerHead whose pyramid levels meet on the same image pixels."""
import torch
from mmseg.models.decode_heads import UPerHead
from mmseg.models.utils import resize
from mmseg.registry import MODELS

from ...layers import center_align, crop_to_pyramid


@MODELS.register_module()
class AlignedUPerHead(UPerHead):
    """``UPerHead`` for levels that valid (or full) convs have shrunk (grown) unevenly.

    mmseg's ``UPerHead`` resizes a coarser map to the finer map's size, which
    stretches it when the two do not cover the same image region. Here the inputs
    are first center-cropped to a 2x pyramid (:func:`crop_to_pyramid`), and a
    coarser map is upsampled by its stride ratio, then both maps are center-cropped
    to the region they share. Where sizes differ only by the rounding of a strided
    conv (zero, circular, reflect padding) it resizes as ``UPerHead`` does: same
    arguments, weights and outputs.
    """

    def _upsample_onto(self, coarse, fine, factor):
        """``coarse`` upsampled ``factor`` times and ``fine``, cut to a shared size.

        Returns:
            tuple[Tensor, Tensor]: The two maps, of equal spatial size.
        """
        gaps = [factor * c - f for c, f in zip(coarse.shape[-2:], fine.shape[-2:])]
        if all(0 <= gap < factor for gap in gaps):  # padded convs: mmseg's resize
            return resize(coarse, size=fine.shape[-2:], mode='bilinear',
                          align_corners=self.align_corners), fine
        up = resize(coarse, scale_factor=factor, mode='bilinear',
                    align_corners=self.align_corners)
        h, w = (min(u, f) for u, f in zip(up.shape[-2:], fine.shape[-2:]))
        return center_align(up, h, w), center_align(fine, h, w)

    def _forward_feature(self, inputs):
        inputs = crop_to_pyramid(self._transform_inputs(inputs))
        laterals = [conv(inputs[i]) for i, conv in enumerate(self.lateral_convs)]
        laterals.append(self.psp_forward(inputs))
        for i in range(len(laterals) - 1, 0, -1):
            up, fine = self._upsample_onto(laterals[i], laterals[i - 1], 2)
            laterals[i - 1] = fine + up
        outs = [conv(lateral) for conv, lateral in zip(self.fpn_convs, laterals)]
        outs.append(laterals[-1])
        outs[1:] = [self._upsample_onto(out, outs[0], 2**i)[0]
                    for i, out in enumerate(outs[1:], start=1)]
        h = min(out.shape[-2] for out in outs)
        w = min(out.shape[-1] for out in outs)
        return self.fpn_bottleneck(
            torch.cat([center_align(out, h, w) for out in outs], dim=1))
