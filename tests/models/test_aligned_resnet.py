"""ResNet-50 (mmdet) and ResNet-V1c (mmseg) train under every padding mode."""
import pytest
import torch
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS as MMSEG_MODELS

from posseg.layers import NATIVE_MODES, POSSEG_MODES


@pytest.mark.parametrize('mode', NATIVE_MODES + POSSEG_MODES + ('zero',))
def test_resnet50_forward_backward_under_each_mode(mode):
    with DefaultScope.overwrite_default_scope('mmdet'):
        net = MMDET_MODELS.build(dict(
            type='AlignedResNet', depth=50, norm_eval=False,
            conv_cfg=dict(type='PadConv2d', padding_mode=mode)))
    size = 448 if mode == 'none' else 64  # valid convs shrink: 423 px at least
    outs = net(torch.randn(2, 3, size, size))
    assert [o.shape[1] for o in outs] == [256, 512, 1024, 2048]
    sum(o.square().mean() for o in outs).backward()
    assert net.conv1.weight.grad.abs().sum() > 0
    assert net.layer1[0].conv2.padding_mode == mode


def test_sizes_follow_the_mode():
    sizes = {}
    for mode in ('zeros', 'none', 'full'):
        with DefaultScope.overwrite_default_scope('mmdet'):
            net = MMDET_MODELS.build(dict(
                type='AlignedResNet', depth=18,
                conv_cfg=dict(type='PadConv2d', padding_mode=mode)))
        net.eval()  # mmdet's ResNet.train() returns None: no chaining
        sizes[mode] = net(torch.randn(1, 3, 448, 448))[-1].shape[-1]
    assert sizes['none'] < sizes['zeros'] == 14 < sizes['full']


def test_same_keys_as_the_parent_resnet():
    with DefaultScope.overwrite_default_scope('mmdet'):
        plain = MMDET_MODELS.build(dict(type='ResNet', depth=18))
        aligned = MMDET_MODELS.build(dict(type='AlignedResNet', depth=18))
    assert list(plain.state_dict()) == list(aligned.state_dict())
    aligned.load_state_dict(plain.state_dict())
    x = torch.randn(1, 3, 64, 64)
    plain.eval(), aligned.eval()
    assert all(torch.equal(a, b) for a, b in zip(plain(x), aligned(x)))


def test_mmseg_dilated_resnet_without_padding():
    with DefaultScope.overwrite_default_scope('mmseg'):
        net = MMSEG_MODELS.build(dict(
            type='AlignedResNetV1c', depth=18, strides=(1, 2, 1, 1),
            dilations=(1, 1, 2, 4), contract_dilation=True,
            conv_cfg=dict(type='PadConv2d', padding_mode='none')))
    net.eval()
    outs = net(torch.randn(1, 3, 320, 320))
    # dilated valid convs shrink by 2 * dilation each: 320 px end at 2x2; the
    # unpadded stem max-pool makes layer1 one pixel smaller (69, not 70)
    assert [tuple(o.shape[1:]) for o in outs] == [
        (64, 69, 69), (128, 28, 28), (256, 18, 18), (512, 2, 2)]
    assert type(net.maxpool).__name__ == 'PadMaxPool2d'
    assert net.maxpool.padding_mode == 'none'


def test_fpn_runs_on_unequal_maps_without_padding():
    """mmdet's FPN resizes by target size top-down, so valid convs keep it running."""
    conv_cfg = dict(type='PadConv2d', padding_mode='none')
    with DefaultScope.overwrite_default_scope('mmdet'):
        net = MMDET_MODELS.build(dict(type='AlignedResNet', depth=18,
                                      conv_cfg=conv_cfg))
        fpn = MMDET_MODELS.build(dict(type='FPN', in_channels=[64, 128, 256, 512],
                                      out_channels=32, num_outs=5,
                                      conv_cfg=conv_cfg))
    net.eval()
    outs = fpn(net(torch.randn(1, 3, 576, 576)))
    assert len(outs) == 5 and all(o.shape[1] == 32 for o in outs)


V1D = [('mmdet', MMDET_MODELS, 'AlignedResNetV1d'),
       ('mmseg', MMSEG_MODELS, 'AlignedSegResNetV1d')]


def _v1d(scope, registry, name, mode):
    """A ResNet-18-V1d (average-pooled shortcuts, ceil_mode) in eval mode, with
    random BN affines so that no residual path starts at zero."""
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope(scope):
        net = registry.build(dict(type=name, depth=18, conv_cfg=dict(
            type='PadConv2d', padding_mode=mode)))
    for bn in net.modules():
        if isinstance(bn, torch.nn.BatchNorm2d):
            bn.weight.data.uniform_(0.5, 1.5)
            bn.bias.data.uniform_(-0.1, 0.1)
    net.eval()  # mmdet's ResNet.train() returns None
    return net


@pytest.mark.parametrize('scope,registry,name', V1D)
def test_v1d_average_pooled_shortcuts_leave_no_border_under_circular(
        scope, registry, name):
    """The shortcut's AvgPool2d(2, 2, ceil_mode=True) pads nothing on even maps."""
    errors = {}
    for mode in ('circular', 'zeros'):
        net, x = _v1d(scope, registry, name, mode), torch.randn(1, 3, 128, 128)
        with torch.no_grad():
            plain, shifted = net(x), net(torch.roll(x, (64, 64), (2, 3)))
        errors[mode] = [
            float((torch.roll(p, (64 // s, 64 // s), (2, 3)) - q).abs().max()
                  / p.abs().max())
            for p, q, s in zip(plain, shifted, (4, 8, 16, 32))]
    assert errors['circular'] == [0.0] * 4
    assert min(errors['zeros']) > 0.1


@pytest.mark.parametrize('size', [512, 515])
@pytest.mark.parametrize('scope,registry,name', V1D)
def test_v1d_without_padding_has_no_border(scope, registry, name, size):
    """Valid convs see no border: moving the window over a larger image by 32 px
    moves every level by whole pixels with the same values, and a ceil_mode
    shortcut window that hangs over the edge is cropped by the alignment."""
    net, x = _v1d(scope, registry, name, 'none'), torch.randn(1, 3, size + 32,
                                                                size + 32)
    with torch.no_grad():
        first, moved = net(x[..., :size, :size]), net(x[..., 32:, 32:])
    for a, b, stride in zip(first, moved, (4, 8, 16, 32)):
        s, (h, w) = 32 // stride, a.shape[-2:]
        assert h > s
        torch.testing.assert_close(a[..., s:, s:], b[..., :h - s, :w - s],
                                   rtol=0, atol=1e-5 * float(a.abs().max()))
