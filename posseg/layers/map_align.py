"""Bring feature maps of unequal size onto the same image pixels.

Under ``padding_mode='none'`` (or ``full``) convs shrink (grow) their maps, so maps
that mmdet/mmseg combine by concatenation, addition or resizing no longer cover the
same image region. Cropping them about their centers keeps the region they share.
"""
import torch.nn.functional as F


def center_align(x, h, w):
    """Center-crop or zero-pad ``x`` (N, C, H, W) to ``h x w``.

    Returns:
        Tensor: ``x`` itself when it already has that size.
    """
    dh, dw = x.shape[-2] - h, x.shape[-1] - w
    if dh == 0 and dw == 0:
        return x
    # negative F.pad amounts crop
    return F.pad(x, (-(dw // 2), -(dw - dw // 2), -(dh // 2), -(dh - dh // 2)))


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


def upsample_onto(coarse, fine, factor, align_corners=False):
    """Upsample ``coarse`` onto ``fine``, a map ``factor`` times finer.

    Where the sizes differ only by the rounding of strided convs (zero, circular,
    reflect padding) ``coarse`` is resized to ``fine``'s size, as mmseg's heads do.
    Otherwise (valid or full convs) it is upsampled by ``factor`` and both maps are
    center-cropped to the region they share, so no map is stretched.

    Args:
        coarse (Tensor): (N, C, h, w).
        fine (Tensor): (N, C', H, W).
        factor (int): The stride of ``coarse`` over that of ``fine``.
        align_corners (bool): Of the bilinear interpolation.

    Returns:
        tuple[Tensor, Tensor]: ``coarse`` and ``fine``, of equal spatial size.
    """
    gaps = [factor * c - f for c, f in zip(coarse.shape[-2:], fine.shape[-2:])]
    if all(0 <= gap < factor for gap in gaps):
        return F.interpolate(coarse, size=fine.shape[-2:], mode='bilinear',
                             align_corners=align_corners), fine
    up = F.interpolate(coarse, scale_factor=factor, mode='bilinear',
                       align_corners=align_corners)
    h, w = (min(u, f) for u, f in zip(up.shape[-2:], fine.shape[-2:]))
    return center_align(up, h, w), center_align(fine, h, w)
