"""convert_padding on models whose builders take no conv_cfg."""
import pytest
import torch
import torchvision
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.registry import DefaultScope

from posseg.layers import CoordConv2d, PadConv2d, convert_padding


def test_torchvision_resnet_without_padding_runs_and_shares_weights():
    model = torchvision.models.resnet18(weights=None)
    params = {n: p for n, p in model.named_parameters()}
    names = convert_padding(model, 'none')
    assert len(names) == 21 and 'conv1' in names and 'layer1.0.conv1' in names
    assert 'maxpool' in names  # the stem's padded max-pool: 20 convs + 1 pool
    assert 'layer2.0.downsample.0' in names
    assert all(p is params[n] for n, p in model.named_parameters())  # shared
    assert set(model.state_dict()) == set(torchvision.models.resnet18().state_dict())
    out = model(torch.randn(1, 3, 512, 512))
    out.sum().backward()
    assert out.shape == (1, 1000) and model.conv1.weight.grad is not None
    assert model.conv1.padding_mode == 'none'
    assert model.layer4[1].conv2.conv_padding == (0, 0)  # asked for (1, 1)
    assert model.layer4[1].conv2.padding == (1, 1)


def test_include_exclude_and_eval_state():
    model = torchvision.models.resnet18(weights=None).eval()
    names = convert_padding(model, 'circular', include=['layer1.*'],
                            exclude=['*.conv2'])
    assert names == ['layer1.0.conv1', 'layer1.1.conv1']
    assert isinstance(model.layer1[0].conv1, PadConv2d)
    assert not model.layer1[0].conv1.training
    assert type(model.layer1[0].conv2) is torch.nn.Conv2d


def test_coord_conv_stays_coord_conv():
    model = torch.nn.Sequential(CoordConv2d(3, 4, 3, padding=1, with_r=True))
    convert_padding(model, 'reflect')
    assert isinstance(model[0], CoordConv2d) and model[0].add_coords.with_r
    assert model[0].padding_mode == 'reflect' and model[0].in_channels == 3
    assert model(torch.randn(1, 3, 8, 8)).shape == (1, 4, 8, 8)


def test_mmdet_solo_head_pads_circularly_after_conversion():
    with DefaultScope.overwrite_default_scope('mmdet'):
        head = MMDET_MODELS.build(dict(
            type='SOLOHead', num_classes=3, in_channels=16, feat_channels=16,
            stacked_convs=2, num_grids=[4, 4, 4, 4, 4],
            norm_cfg=dict(type='GN', num_groups=4)))
    names = convert_padding(head, 'circular')
    assert 'mask_convs.0.conv' in names and 'conv_cls' in names
    feats = [torch.randn(1, 16, s, s) for s in (16, 8, 4, 2, 1)]
    mask_preds, cls_preds = head(feats)
    assert len(mask_preds) == 5 and cls_preds[0].shape[:2] == (1, 3)


def test_unknown_mode_fails_before_changing_anything():
    model = torch.nn.Sequential(torch.nn.Conv2d(1, 1, 3))
    with pytest.raises(ValueError, match='unknown padding_mode'):
        convert_padding(model, 'mirror')
    assert type(model[0]) is torch.nn.Conv2d
