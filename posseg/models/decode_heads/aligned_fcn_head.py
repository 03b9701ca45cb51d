"""mmseg's FCNHead whose input shortcut survives any padding mode."""
import torch
from mmseg.models.decode_heads import FCNHead
from mmseg.registry import MODELS

from ...layers import center_align


@MODELS.register_module()
class AlignedFCNHead(FCNHead):
    """``FCNHead`` that center-crops (or pads) its input to the convs' output.

    With ``concat_input=True`` the head concatenates its input with the output of
    its convs; under ``padding_mode='none'`` those are smaller, so the input is
    aligned first. Same arguments and weights as ``FCNHead``.
    """

    def _forward_feature(self, inputs):
        x = self._transform_inputs(inputs)
        feats = self.convs(x)
        if self.concat_input:
            x = center_align(x, *feats.shape[-2:])
            feats = self.conv_cat(torch.cat([x, feats], dim=1))
        return feats
