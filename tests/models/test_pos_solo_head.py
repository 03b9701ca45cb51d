"""PosSOLOHead: coordinates from a config; mmdet's outputs with coord_mode='input'."""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.registry import DefaultScope

from posseg.layers import CoordConv2d, PadConv2d

HEAD = dict(num_classes=3, in_channels=16, feat_channels=16, stacked_convs=3,
            num_grids=[6, 4, 4, 2, 2], norm_cfg=dict(type='GN', num_groups=4))
FEATS = [(16, 16), (8, 8), (4, 4), (2, 2), (1, 1)]


def _build(**kwargs):
    with DefaultScope.overwrite_default_scope('mmdet'):
        head = MODELS.build(dict(HEAD, **kwargs))
    return head.eval()


def _forward(head, seed=0):
    torch.manual_seed(seed)
    return head([torch.randn(2, 16, *s) for s in FEATS])


def test_input_mode_equals_mmdet_solo_head():
    stock, ours = _build(type='SOLOHead'), _build(type='PosSOLOHead')
    assert list(stock.state_dict()) == list(ours.state_dict())
    ours.load_state_dict(stock.state_dict())
    for a, b in zip(_forward(stock), _forward(ours)):
        assert all(torch.equal(x, y) for x, y in zip(a, b))


def test_none_mode_ignores_coordinates():
    head = _build(type='PosSOLOHead', coord_mode='none')
    assert head.mask_convs[0][1].conv.in_channels == 16
    conv = head.mask_convs[0][1].conv
    x = torch.randn(1, 18, 8, 8)
    other_coords = torch.cat([x[:, :16], torch.randn(1, 2, 8, 8)], 1)
    first = head.mask_convs[0]
    assert torch.equal(first(x), first(other_coords))
    assert type(conv) is torch.nn.Conv2d


@pytest.mark.parametrize('with_r', [False, True])
def test_all_mode_puts_coordinates_into_every_mask_conv(with_r):
    head = _build(type='PosSOLOHead', coord_mode='all', with_r=with_r)
    later = [m.conv for m in head.mask_convs[1:]]
    assert all(isinstance(c, CoordConv2d) and c.add_coords.with_r == with_r
               for c in later)
    mask_preds, cls_preds = _forward(head)
    assert mask_preds[0].shape[1] == 36 and cls_preds[0].shape[1:] == (3, 6, 6)


def test_conv_cfg_reaches_every_conv():
    cfg = dict(type='PadConv2d', padding_mode='circular')
    head = _build(type='PosSOLOHead', coord_mode='all', conv_cfg=cfg)
    convs = [m for m in head.modules() if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 3 + 3 + 5 + 1
    assert all(isinstance(c, PadConv2d) and c.pad_mode == 'circular' for c in convs)


def test_unknown_coord_mode():
    with pytest.raises(ValueError, match="unknown coord_mode 'first'; valid: "
                       'none, input, all'):
        _build(type='PosSOLOHead', coord_mode='first')
