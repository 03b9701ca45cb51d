"""Under circular padding posseg's mmseg heads see no border: they shift with the input.

Their resizing (UPerNet's top-down path and fusion, DeepLabV3+'s upsampling onto c1,
ASPP's image pool) wraps around like their convs.
"""
import pytest
import torch

from conftest import build_seg_head

SIZES = (32, 16, 8, 4)  # strides 4, 8, 16, 32 of a 128 px image
HEADS = {
    'AlignedFCNHead': dict(in_channels=8, in_index=3, channels=4),
    'AlignedASPPHead': dict(in_channels=8, in_index=3, channels=4,
                            dilations=(1, 2)),
    'AlignedDepthwiseSeparableASPPHead': dict(
        in_channels=8, in_index=3, channels=4, dilations=(1, 2), c1_in_channels=8,
        c1_channels=2, c1_stride_ratio=8),
    'AlignedUPerHead': dict(in_channels=[8] * 4, in_index=[0, 1, 2, 3],
                            channels=4, pool_scales=(1, 2)),
}


def _shift_error(head_type, padding_mode, shift=64, image=128):
    head = build_seg_head(padding_mode, type=head_type, num_classes=3,
                          **HEADS[head_type])
    torch.manual_seed(0)
    inputs = [torch.randn(1, 8, s, s) for s in SIZES]
    steps = [shift * s // image for s in SIZES]
    moved = [torch.roll(x, (k, k), (2, 3)) for x, k in zip(inputs, steps)]
    with torch.no_grad():
        out, out_moved = head(inputs), head(moved)
    k = shift * out.shape[-1] // image
    expected = torch.roll(out, (k, k), (2, 3))
    return ((out_moved - expected).abs().max() / out.abs().max()).item()


@pytest.mark.parametrize('head_type', HEADS)
def test_circular_head_shifts_with_its_input(head_type):
    assert _shift_error(head_type, 'circular') < 1e-5


@pytest.mark.parametrize('head_type', ['AlignedDepthwiseSeparableASPPHead',
                                       'AlignedUPerHead'])
def test_zero_padded_head_does_not(head_type):
    assert _shift_error(head_type, None) > 0.01
