"""center_align and upsample_onto bring maps of unequal size onto the same pixels."""
import torch
import torch.nn.functional as F

from posseg.layers import center_align, upsample_onto


def test_center_align_crops_and_pads():
    x = torch.arange(1., 7.).view(1, 1, 2, 3)
    out = center_align(x, 2, 3)
    assert out is x  # no-op when sizes match
    big = torch.arange(49.).view(1, 1, 7, 7)
    assert center_align(big, 3, 3)[0, 0].tolist() == big[0, 0, 2:5, 2:5].tolist()
    assert center_align(big, 4, 4)[0, 0].tolist() == big[0, 0, 1:5, 1:5].tolist()
    padded = center_align(x, 4, 5)[0, 0]
    assert padded[1:3, 1:4].tolist() == [[1, 2, 3], [4, 5, 6]]
    assert padded.sum() == x.sum()


def test_upsample_onto_resizes_padded_maps_and_crops_valid_ones():
    fine = torch.zeros(1, 1, 9, 9)
    # zero padding: a stride-2 conv rounds 9 up to 5; resized to 9, as mmseg does
    up, same = upsample_onto(torch.ones(1, 1, 5, 5), fine, 2)
    assert up.shape[-2:] == (9, 9) and same is fine
    # valid convs: 3 px at stride 2 cover the central 6 of the 9 fine pixels
    coarse = torch.arange(9.).view(1, 1, 3, 3)
    up, cropped = upsample_onto(coarse, torch.arange(81.).view(1, 1, 9, 9), 2)
    assert up.shape[-2:] == cropped.shape[-2:] == (6, 6)
    assert cropped[0, 0, 0, 0] == 10  # fine pixel (1, 1)
    # upsampled by the stride ratio, not stretched to the fine map's size
    assert up.equal(F.interpolate(coarse, scale_factor=2, mode='bilinear'))
