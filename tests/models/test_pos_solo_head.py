"""Pos SOLO heads: coordinates from a config; mmdet's outputs with coord_mode='input'."""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.registry import DefaultScope

from posseg.layers import CoordConv2d, PadConv2d

GN = dict(type='GN', num_groups=4)
HEAD = dict(num_classes=3, in_channels=16, feat_channels=16, stacked_convs=3,
            num_grids=[6, 4, 4, 2, 2], norm_cfg=GN)
V2 = dict(mask_feature_head=dict(feat_channels=16, start_level=0, end_level=3,
                                 out_channels=16, mask_stride=4, norm_cfg=GN))
FEATS = [(16, 16), (8, 8), (4, 4), (2, 2), (1, 1)]
PAIRS = [('SOLOHead', 'PosSOLOHead', {}),
         ('DecoupledSOLOHead', 'PosDecoupledSOLOHead', {}),
         ('SOLOV2Head', 'PosSOLOV2Head', V2)]


def _build(**kwargs):
    with DefaultScope.overwrite_default_scope('mmdet'):
        head = MODELS.build(dict(HEAD, **kwargs))
    return head.eval()


def _forward(head, seed=0):
    torch.manual_seed(seed)
    return head([torch.randn(2, 16, *s) for s in FEATS])


def _equal(a, b):
    if isinstance(a, torch.Tensor):
        return torch.equal(a, b)
    return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))


@pytest.mark.parametrize('stock,ours,extra', PAIRS)
def test_input_mode_equals_mmdet(stock, ours, extra):
    mmdet_head, pos_head = _build(type=stock, **extra), _build(type=ours, **extra)
    assert list(mmdet_head.state_dict()) == list(pos_head.state_dict())
    pos_head.load_state_dict(mmdet_head.state_dict())
    assert _equal(_forward(mmdet_head), _forward(pos_head))


@pytest.mark.parametrize('stock,ours,extra', PAIRS)
def test_none_mode_drops_every_coordinate(stock, ours, extra):
    head = _build(type=ours, coord_mode='none', **extra)
    convs = [m for m in head.modules() if isinstance(m, torch.nn.Conv2d)]
    # no conv sees more input channels than the features (16) or its own width
    assert all(c.in_channels <= 16 for c in convs)
    assert _forward(head)


@pytest.mark.parametrize('stock,ours,extra', PAIRS)
@pytest.mark.parametrize('with_r', [False, True])
def test_all_mode_and_conv_cfg(stock, ours, extra, with_r):
    cfg = dict(type='PadConv2d', padding_mode='circular')
    head = _build(type=ours, coord_mode='all', with_r=with_r, conv_cfg=cfg, **extra)
    convs = [m for m in head.modules() if isinstance(m, torch.nn.Conv2d)]
    assert all(isinstance(c, PadConv2d) and c.padding_mode == 'circular' for c in convs)
    coord_convs = [c for c in convs if isinstance(c, CoordConv2d)]
    branches = 2 if stock == 'DecoupledSOLOHead' else 1
    assert len(coord_convs) == branches * (HEAD['stacked_convs'] - 1)
    assert all(c.add_coords.with_r == with_r for c in coord_convs)
    assert _forward(head)


def test_solo_head_radius_at_the_input():
    head = _build(type='PosSOLOHead', with_r=True)
    assert head.mask_convs[0][1].conv.in_channels == 16 + 3
    x = torch.zeros(1, 18, 2, 2)
    x[:, 16], x[:, 17] = 3.0, 4.0
    assert torch.equal(head.mask_convs[0][0](x)[:, 18], torch.full((1, 2, 2), 5.0))


def test_unknown_coord_mode():
    with pytest.raises(ValueError, match="PosSOLOHead: unknown coord_mode 'first'; "
                       'valid: none, input, all'):
        _build(type='PosSOLOHead', coord_mode='first')
