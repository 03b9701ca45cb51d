"""mmdet's FPN whose top-down path adds maps that cover the same image region."""
from mmdet.models.necks import FPN
from mmdet.registry import MODELS

from ...layers import crop_to_pyramid


@MODELS.register_module()
class AlignedFPN(FPN):
    """``FPN`` for backbones whose levels shrink unevenly (no padding).

    mmdet's FPN resizes a coarser map to the finer map's size, which stretches it
    when valid convs have shrunk the levels unequally: its features land on the
    wrong pixels. ``AlignedFPN`` first center-crops each used backbone level
    (:func:`crop_to_pyramid`), then runs ``FPN``. Where levels already form a 2x
    pyramid (zero, circular, reflect padding) it is ``FPN``: same arguments,
    weights and outputs.
    """

    def forward(self, inputs):
        inputs = list(inputs)
        used = slice(self.start_level, self.backbone_end_level)
        inputs[used] = crop_to_pyramid(inputs[used])
        return super().forward(tuple(inputs))
