"""Coordinates in mmseg decode heads and at the backbone's first conv, by config."""
import pytest
import torch
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from posseg.layers import CoordConv2d, PadConv2d, with_coords

FCN = dict(type='AlignedFCNHead', in_channels=16, channels=8, num_classes=3)
ASPP = dict(type='AlignedASPPHead', in_channels=16, channels=8, dilations=(1, 2),
            num_classes=3)


def _build(cfg):
    with DefaultScope.overwrite_default_scope('mmseg'):
        return MODELS.build(cfg)


def _coord_convs(module):
    return [n for n, m in module.named_modules() if isinstance(m, CoordConv2d)]


@pytest.mark.parametrize('cfg, mode, names', [
    (FCN, 'none', []),
    (FCN, 'input', ['convs.0.conv', 'conv_cat.conv']),
    (dict(FCN, concat_input=False), 'input', ['convs.0.conv']),
    (FCN, 'all', ['convs.0.conv', 'convs.1.conv', 'conv_cat.conv']),
    (ASPP, 'input', ['image_pool.1.conv', 'aspp_modules.0.conv',
                     'aspp_modules.1.conv']),
    (ASPP, 'all', ['image_pool.1.conv', 'aspp_modules.0.conv',
                   'aspp_modules.1.conv', 'bottleneck.conv'])])
def test_coord_mode_picks_the_convs(cfg, mode, names):
    head = _build(dict(cfg, coord_mode=mode))
    assert _coord_convs(head) == names
    out = head([torch.randn(2, 16, 12, 12)])
    assert out.shape == (2, 3, 12, 12)


def test_coordconvs_keep_geometry_padding_and_with_r():
    conv_cfg = dict(type='PadConv2d', padding_mode='circular')
    head = _build(dict(FCN, coord_mode='input', with_r=True, conv_cfg=conv_cfg,
                       dilation=2))
    conv = head.convs[0].conv
    assert conv.padding_mode == 'circular' and conv.dilation == (2, 2)
    assert conv.in_channels == 16 and conv.weight.shape[1] == 16 + 3


def test_coordinates_make_a_head_see_position():
    # a constant input and no border (circular): without coordinates every output
    # pixel is the same
    x = torch.ones(1, 16, 8, 8)
    conv_cfg = dict(type='PadConv2d', padding_mode='circular')
    for mode, varies in (('none', False), ('input', True)):
        head = _build(dict(FCN, coord_mode=mode, conv_cfg=conv_cfg)).eval()
        out = head([x])
        assert bool((out - out[..., :1, :1]).abs().max() > 1e-6) == varies


def test_unknown_coord_mode_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown coord_mode 'first'; valid: "
                       'none, input, all'):
        _build(dict(FCN, coord_mode='first'))


@pytest.mark.parametrize('backbone, first', [('AlignedResNetV1c', 'stem.0'),
                                             ('AlignedSegResNet', 'conv1')])
def test_backbone_first_conv_sees_coordinates(backbone, first):
    net = _build(dict(type=backbone, depth=18, coord_input=True))
    assert _coord_convs(net) == [first]
    assert net(torch.randn(1, 3, 64, 64))[0].shape[1] == 64


def test_with_coords_refuses_a_coordconv():
    conv = with_coords(PadConv2d(4, 4, 3, padding=1, padding_mode='reflect'))
    assert conv.padding_mode == 'reflect' and conv.weight.shape[1] == 6
    with pytest.raises(ValueError, match='a CoordConv2d already'):
        with_coords(conv)


def test_separable_aspp_head_refuses_coordinates_in_one_line():
    with pytest.raises(ValueError, match='coord_mode is not supported yet'):
        _build(dict(ASPP, type='AlignedDepthwiseSeparableASPPHead', c1_in_channels=8,
                    c1_channels=2, coord_mode='input'))
