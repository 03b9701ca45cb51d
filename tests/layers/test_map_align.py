"""center_align crops or pads a map about its center."""
import torch

from posseg.layers import center_align


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
