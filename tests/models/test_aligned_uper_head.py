"""AlignedUPerHead: UPerHead under zero padding, aligned pyramid levels without it."""
import pytest
import torch

from conftest import build_seg_head, changed_center, module_input

CHANNELS = [2, 3, 4, 5]


def _head(head_type, padding_mode=None, act_cfg=dict(type='ReLU')):
    return build_seg_head(padding_mode, act_cfg, type=head_type,
                          in_channels=CHANNELS, in_index=[0, 1, 2, 3], channels=4,
                          pool_scales=(1, 2), num_classes=2)


def _pyramid(*sizes):
    return [torch.randn(1, c, s, s) for c, s in zip(CHANNELS, sizes)]


@pytest.mark.parametrize('sizes', [(32, 16, 8, 4), (33, 17, 9, 5)])
def test_same_outputs_as_uper_head_under_zero_padding(sizes):
    stock, aligned = _head('UPerHead'), _head('AlignedUPerHead')
    aligned.load_state_dict(stock.state_dict())
    x = _pyramid(*sizes)
    torch.testing.assert_close(aligned(x), stock(x))


def _level_maps(head, x):
    """The fpn_bottleneck's input, split into the head's four levels."""
    return module_input(head, head.fpn_bottleneck, x).split(head.channels, dim=1)


def _bump_centers(head):
    """Where a bump in level 2's input lands in each of levels 0-2 at the bottleneck.

    Level 2 reaches levels 0-2 through the top-down path (the PSP top level pools
    globally); in a linear head it changes a patch symmetric about its position.
    """
    x = _pyramid(64, 32, 16, 8)
    bumped = [level.clone() for level in x]
    bumped[2][..., 5, 10] += 10.0  # off center: a stretch keeps the center
    return [changed_center(b, a)
            for b, a in zip(_level_maps(head, x)[:3], _level_maps(head, bumped)[:3])]


@pytest.mark.parametrize('mode', ['none', 'full'])
def test_levels_see_the_same_pixel(mode):
    centers = _bump_centers(_head('AlignedUPerHead', mode, act_cfg=None))
    assert centers[0] == centers[1] == centers[2], centers


def test_uper_head_stretches_without_padding():
    """The reason for AlignedUPerHead: mmseg's head puts the levels apart."""
    centers = _bump_centers(_head('UPerHead', 'none', act_cfg=None))
    assert not centers[0] == centers[1] == centers[2], centers
