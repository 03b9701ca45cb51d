"""mmdet's FPN whose top-down path adds maps that cover the same image region."""
from mmdet.models.necks import FPN
from mmdet.registry import MODELS

from ...layers import center_align


def crop_to_pyramid(feats):
    """Center-crop each map to twice the size of the next coarser one.

    Under ``padding_mode='none'`` every level covers a smaller central region of
    the image than the one before, so a finer map is larger than twice the
    coarser one. Cropping it keeps the region both maps see: after a 2x
    upsampling the coarser map lands pixel for pixel on the finer one. A level
    that is not larger (zero padding: equal, or one less for odd sizes) is left
    as it is.

    Args:
        feats (Sequence[Tensor]): Maps (N, C, H, W), finest first.

    Returns:
        list[Tensor]
    """
    feats = list(feats)
    for i in range(len(feats) - 2, -1, -1):
        h, w = (2 * s for s in feats[i + 1].shape[-2:])
        if feats[i].shape[-2] > h and feats[i].shape[-1] > w:
            feats[i] = center_align(feats[i], h, w)
    return feats


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
