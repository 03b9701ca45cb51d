"""Under circular padding posseg's mmseg heads see no border: they shift with the input.

Their resizing (UPerNet's top-down path and fusion, DeepLabV3+'s upsampling onto c1,
ASPP's image pool, and the final resize of the logits to the labels and the image)
wraps around like their convs.
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


def _final_resize_errors(head_type, padding_mode, shift=64, image=128):
    """How far a head's logits resized to the image (``predict_by_feat``) and its
    loss (``loss_by_feat``, logits resized to the labels) move off a circular
    shift of its stride-8 logits and labels: (relative error, loss difference)."""
    from mmengine.structures import PixelData
    from mmseg.structures import SegDataSample
    head = build_seg_head(padding_mode, type=head_type, num_classes=3,
                          **HEADS[head_type])
    torch.manual_seed(0)
    logits = torch.randn(1, 3, image // 8, image // 8)
    labels = torch.randint(0, 3, (1, image, image))
    metas = [dict(img_shape=(image, image))]

    def roll(x, k):
        return torch.roll(x, (k, k), (-2, -1))

    def loss(logits, labels):
        sample = SegDataSample(gt_sem_seg=PixelData(data=labels))
        return head.loss_by_feat(logits, [sample])['loss_ce'].item()

    with torch.no_grad():
        out = head.predict_by_feat(logits, metas)
        moved = head.predict_by_feat(roll(logits, shift // 8), metas)
        losses = loss(logits, labels), loss(roll(logits, shift // 8), roll(labels, shift))
    error = ((moved - roll(out, shift)).abs().max() / out.abs().max()).item()
    return error, abs(losses[0] - losses[1])


@pytest.mark.parametrize('head_type', HEADS)
def test_circular_head_wraps_its_final_resize_too(head_type):
    error, loss_change = _final_resize_errors(head_type, 'circular')
    assert error == 0.0 and loss_change < 1e-6
    error, loss_change = _final_resize_errors(head_type, None)  # mmseg's: clamped
    assert error > 0.01 and loss_change > 1e-4
