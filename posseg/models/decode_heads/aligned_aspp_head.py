"""mmseg's ASPPHead whose dilated branches meet under any padding mode."""
import torch
from mmseg.models.decode_heads import ASPPHead
from mmseg.models.utils import resize
from mmseg.registry import MODELS

from ...layers import center_align
from .circular_logits import CircularLogitsMixin
from .coord_head import CoordHeadMixin


@MODELS.register_module()
class AlignedASPPHead(CircularLogitsMixin, CoordHeadMixin, ASPPHead):
    """``ASPPHead`` that center-crops its branches to the region all of them see.

    A 3x3 conv of dilation ``d`` shrinks its input by ``2d`` pixels under
    ``padding_mode='none'`` (and grows it by ``2d`` under ``full``), so the ASPP
    branches come out at different sizes and cannot be concatenated. Each branch
    is center-cropped to the smallest of them; the image-pooling branch is
    broadcast to that size. Where all branches have the input's size (zero,
    circular, reflect padding) it is ``ASPPHead``: same arguments, weights and
    outputs; plus ``coord_mode`` and ``with_r`` (:class:`CoordHeadMixin`).
    """

    def input_convs(self):
        return ['image_pool.1'] + [f'aspp_modules.{i}'
                                   for i in range(len(self.aspp_modules))]

    def _forward_feature(self, inputs):
        x = self._transform_inputs(inputs)
        branches = self.aspp_modules(x)
        h = min(b.shape[-2] for b in branches)
        w = min(b.shape[-1] for b in branches)
        pooled = resize(self.image_pool(x), size=(h, w), mode='bilinear',
                        align_corners=self.align_corners)
        feats = [pooled] + [center_align(b, h, w) for b in branches]
        return self.bottleneck(torch.cat(feats, dim=1))
