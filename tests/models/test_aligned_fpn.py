"""AlignedFPN: the top-down path adds maps that cover the same image region."""
import pytest
import torch
import torch.nn.functional as F
from mmdet.registry import MODELS
from mmengine.registry import DefaultScope

from posseg.layers import crop_to_pyramid


def build(type, **kwargs):
    with DefaultScope.overwrite_default_scope('mmdet'):
        return MODELS.build(dict(type=type, **kwargs))


@pytest.mark.parametrize('sizes', [(32, 16, 8, 4), (25, 13, 7, 4)])
def test_same_as_fpn_on_a_padded_pyramid(sizes):
    kwargs = dict(in_channels=[8, 16, 32, 64], out_channels=8, num_outs=5)
    fpn, aligned = build('FPN', **kwargs), build('AlignedFPN', **kwargs)
    aligned.load_state_dict(fpn.state_dict())
    inputs = [torch.randn(2, c, s, s) for c, s in zip(kwargs['in_channels'], sizes)]
    assert all(torch.equal(a, b) for a, b in zip(fpn(inputs), aligned(inputs)))


def _identity_fpn(type):
    """A 2-level FPN whose convs pass their input through unchanged."""
    fpn = build(type, in_channels=[1, 1], out_channels=1, num_outs=2)
    with torch.no_grad():
        for module in list(fpn.lateral_convs) + list(fpn.fpn_convs):
            conv = module.conv
            conv.weight.zero_()
            conv.weight[0, 0, conv.kernel_size[0] // 2, conv.kernel_size[1] // 2] = 1
            conv.bias.zero_()
    return fpn


def test_coarse_features_land_on_the_pixels_they_came_from():
    # a horizontal ramp; the coarse level is its 2x2 average over the central
    # region a valid-conv backbone keeps ([4, 60) of 64 pixels)
    ramp = torch.arange(64.).expand(1, 1, 64, 64).contiguous()
    coarse = F.avg_pool2d(ramp, 2)[..., 2:30, 2:30]
    for type, worst in (('AlignedFPN', 0.5), ('FPN', 4.5)):
        fine_out = _identity_fpn(type)([ramp, coarse])[0]
        fine = crop_to_pyramid([ramp, coarse])[0] if type == 'AlignedFPN' else ramp
        error = (fine_out - 2 * fine).abs().max().item()  # upsampled - fine, in pixels
        assert error == pytest.approx(worst), type


def test_resnet_and_fpn_without_padding_form_a_pyramid():
    conv_cfg = dict(type='PadConv2d', padding_mode='none')
    net = build('AlignedResNet', depth=18, conv_cfg=conv_cfg)
    fpn = build('AlignedFPN', in_channels=[64, 128, 256, 512], out_channels=16,
                num_outs=5, conv_cfg=conv_cfg)
    net.eval()
    feats = net(torch.randn(1, 3, 512, 512))
    # the unpadded stem max-pool takes one more pixel at stride 4 than a padded one
    assert [f.shape[-1] for f in feats] == [118, 52, 19, 3]
    assert [f.shape[-1] for f in crop_to_pyramid(feats)] == [24, 12, 6, 3]
    # each output conv takes 2 more pixels; the extra level max-pools the last
    assert [o.shape[-1] for o in fpn(feats)] == [22, 10, 4, 1, 1]
