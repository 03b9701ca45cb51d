"""mmseg's FCNHead whose input shortcut survives any padding mode."""
import torch
from mmseg.models.decode_heads import FCNHead
from mmseg.registry import MODELS

from ...layers import center_align
from .circular_logits import CircularLogitsMixin
from .coord_head import CoordHeadMixin


@MODELS.register_module()
class AlignedFCNHead(CircularLogitsMixin, CoordHeadMixin, FCNHead):
    """``FCNHead`` that center-crops (or pads) its input to the convs' output.

    With ``concat_input=True`` the head concatenates its input with the output of
    its convs; under ``padding_mode='none'`` those are smaller, so the input is
    aligned first. Same arguments and weights as ``FCNHead``, plus ``coord_mode``
    and ``with_r`` (:class:`CoordHeadMixin`).
    """

    def input_convs(self):
        first = ['convs.0'] if self.num_convs else []
        return first + (['conv_cat'] if self.concat_input else [])

    def _forward_feature(self, inputs):
        x = self._transform_inputs(inputs)
        feats = self.convs(x)
        if self.concat_input:
            x = center_align(x, *feats.shape[-2:])
            feats = self.conv_cat(torch.cat([x, feats], dim=1))
        return feats
