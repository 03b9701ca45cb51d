"""AlignedDepthwiseSeparableASPPHead: DeepLabV3+'s head under any padding mode."""
import pytest
import torch

from conftest import build_seg_head, changed_center, module_input
from posseg.layers import PadConv2d

CHANNELS, C1_CHANNELS = 4, 2


def _head(head_type, padding_mode=None, act_cfg=dict(type='ReLU')):
    return build_seg_head(padding_mode, act_cfg, type=head_type, in_channels=8,
                          in_index=1, channels=CHANNELS, dilations=(1, 2, 3),
                          c1_in_channels=4, c1_channels=C1_CHANNELS, num_classes=2)


def _inputs(n=1):
    """A c1 map (stride 4) and an ASPP input (stride 8) of the same image."""
    torch.manual_seed(1)
    return [torch.randn(n, 4, 40, 40), torch.randn(n, 8, 20, 20)]


def test_same_outputs_as_stock_head_under_zero_padding():
    stock = _head('DepthwiseSeparableASPPHead')
    aligned = _head('AlignedDepthwiseSeparableASPPHead')
    aligned.load_state_dict(stock.state_dict())
    inputs = _inputs(n=2)
    torch.testing.assert_close(aligned(inputs), stock(inputs))


def test_every_conv_takes_conv_cfg():
    head = _head('AlignedDepthwiseSeparableASPPHead', 'none')
    convs = [m for m in head.modules()
             if isinstance(m, torch.nn.Conv2d) and m is not head.conv_seg]
    assert all(isinstance(m, PadConv2d) and m.padding_mode == 'none' for m in convs)
    depthwise = [m for m in convs if m.groups > 1]
    assert len(depthwise) == 4  # two ASPP branches, two bottleneck convs


@pytest.mark.parametrize('mode, size', [
    # ASPP 20 -> 14 (dilation 3), bottleneck 12, x2 = 24 (c1 cropped to it),
    # two separable 3x3: 20
    ('none', 20),
    # ASPP 20 (1x1 branch), bottleneck 22, x2 = 44 (cropped to c1's 40), two 3x3: 44
    ('full', 44)])
def test_runs_without_padding(mode, size):
    out = _head('AlignedDepthwiseSeparableASPPHead', mode)(_inputs())
    assert out.shape == (1, 2, size, size)


def _sep_inputs(head, inputs):
    """The separable bottleneck's input: ASPP part and c1 part."""
    return module_input(head, head.sep_bottleneck, inputs).split(
        [CHANNELS, C1_CHANNELS], dim=1)


@pytest.mark.parametrize('mode', [None, 'none', 'full'])
def test_aspp_and_c1_maps_meet_on_the_same_pixel(mode):
    # linear head; x pixel (9, 10) at stride 8 covers c1 pixels (18..19, 20..21)
    head = _head('AlignedDepthwiseSeparableASPPHead', mode, act_cfg=None)
    head.image_pool[1].conv.weight.data.zero_()  # global: changes every pixel
    inputs = _inputs()
    aspp_before, c1_before = _sep_inputs(head, inputs)
    c1, x = (t.clone() for t in inputs)
    x[..., 9, 10] += 10.0
    c1[..., 18:20, 20:22] += 10.0
    aspp_after = _sep_inputs(head, [inputs[0], x])[0]
    c1_after = _sep_inputs(head, [c1, inputs[1]])[1]
    assert (changed_center(aspp_before, aspp_after)
            == changed_center(c1_before, c1_after))


@pytest.mark.parametrize('mode', [None, 'circular', 'none'])
def test_starts_from_the_stock_heads_weights(mode):
    # mmseg initialises the separable convs (kaiming, depthwise std ~0.03 at 512
    # channels); torch's default would give 0.19. Same seed: same weights, same
    # random stream afterwards.
    stock = _head('DepthwiseSeparableASPPHead', mode)
    after_stock = torch.rand(3)
    aligned = _head('AlignedDepthwiseSeparableASPPHead', mode)
    after_aligned = torch.rand(3)
    stock_state, aligned_state = stock.state_dict(), aligned.state_dict()
    assert stock_state.keys() == aligned_state.keys()
    for key, value in stock_state.items():
        assert torch.equal(aligned_state[key], value), key
    assert torch.equal(after_aligned, after_stock)


def test_a_c1_stride_ratio_the_maps_do_not_have_raises():
    # a -d16 model: ASPP input 16 x 16 over a 64 x 64 c1 map, ratio 4
    inputs = [torch.randn(1, 4, 64, 64), torch.randn(1, 8, 16, 16)]
    with pytest.raises(ValueError, match=r'c1_stride_ratio=2 .* 4x apart; set '
                       r'decode_head.c1_stride_ratio=4'):
        _head('AlignedDepthwiseSeparableASPPHead')(inputs)
    head = build_seg_head(None, type='AlignedDepthwiseSeparableASPPHead',
                          in_channels=8, in_index=1, channels=CHANNELS,
                          dilations=(1, 2, 3), c1_in_channels=4,
                          c1_channels=C1_CHANNELS, num_classes=2, c1_stride_ratio=4)
    assert head(inputs).shape == (1, 2, 64, 64)
