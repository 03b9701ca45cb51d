"""PadConv2d: torch's modes exactly, the posseg modes by their definitions."""
import itertools

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
from mmcv.cnn import build_conv_layer
from mmengine.registry import DefaultScope

from posseg.layers import NATIVE_MODES, POSSEG_MODES, PadConv2d


def _random_geometry(seed):
    """Random channels/kernel/stride/dilation/groups/padding/input size."""
    rng = np.random.default_rng(seed)
    groups = int(rng.choice([1, 2, 4]))
    return dict(
        in_channels=groups * int(rng.integers(1, 4)),
        out_channels=groups * int(rng.integers(1, 4)),
        kernel_size=(int(rng.choice([1, 3, 5])), int(rng.choice([1, 3]))),
        stride=int(rng.integers(1, 3)), dilation=int(rng.integers(1, 3)),
        groups=groups, padding=(int(rng.integers(0, 3)), int(rng.integers(0, 3))),
        bias=bool(rng.integers(0, 2))), (int(rng.integers(9, 16)),
                                         int(rng.integers(9, 16)))


@pytest.mark.parametrize('mode,seed', itertools.product(NATIVE_MODES, range(10)))
def test_native_modes_equal_torch(mode, seed):
    geometry, (h, w) = _random_geometry(seed)
    torch.manual_seed(seed)
    ref = nn.Conv2d(**geometry, padding_mode=mode)
    conv = PadConv2d(**geometry, padding_mode=mode)
    conv.load_state_dict(ref.state_dict())
    x = torch.randn(2, geometry['in_channels'], h, w)
    assert torch.equal(conv(x), ref(x))


@pytest.mark.parametrize('seed', range(6))
def test_none_and_full_sizes_and_values(seed):
    geometry, (h, w) = _random_geometry(seed)
    x = torch.randn(1, geometry['in_channels'], h, w)
    (kh, kw), d, s = geometry['kernel_size'], geometry['dilation'], geometry['stride']
    valid = PadConv2d(**geometry, padding_mode='none')
    assert valid(x).shape[-2:] == ((h - d * (kh - 1) - 1) // s + 1,
                                   (w - d * (kw - 1) - 1) // s + 1)
    assert torch.equal(valid(x), F.conv2d(x, valid.weight, valid.bias, s, 0, d,
                                          geometry['groups']))
    full = PadConv2d(**geometry, padding_mode='full')
    assert full(x).shape[-2:] == ((h + d * (kh - 1) - 1) // s + 1,
                                  (w + d * (kw - 1) - 1) // s + 1)
    for conv in (valid, full):
        assert conv.output_size(h, w) == tuple(conv(x).shape[-2:])


def test_constant_pads_with_pad_value():
    conv = PadConv2d(1, 1, 3, padding=1, bias=False, padding_mode='constant',
                     pad_value=2.0)
    nn.init.ones_(conv.weight)
    out = conv(torch.zeros(1, 1, 4, 4))
    # corners see 5 padded cells, edges 3, the inside none
    assert out[0, 0].tolist() == [[10, 6, 6, 10], [6, 0, 0, 6], [6, 0, 0, 6],
                                  [10, 6, 6, 10]]


def test_partial_padding_hand_computed():
    conv = PadConv2d(1, 1, 3, padding=1, padding_mode='partial')
    nn.init.ones_(conv.weight)
    nn.init.constant_(conv.bias, 0.5)
    x = torch.arange(9.).view(1, 1, 3, 3)
    # corner (0,0): valid window x[0:2, 0:2] = 0+1+3+4 = 8, 4 of 9 cells -> 8*9/4
    # edge (0,1): x[0:2, 0:3] = 15, 6 of 9 -> 15*9/6; centre: 36, 9 of 9
    out = conv(x)[0, 0]
    assert out[0, 0].item() == pytest.approx(8 * 9 / 4 + 0.5)
    assert out[0, 1].item() == pytest.approx(15 * 9 / 6 + 0.5)
    assert out[1, 1].item() == pytest.approx(36 + 0.5)
    # a constant image stays constant: the border is not darkened as by zeros
    assert torch.allclose(conv(torch.ones(1, 1, 5, 5)), torch.full((1, 1, 5, 5), 9.5))


@pytest.mark.parametrize('mode', NATIVE_MODES + POSSEG_MODES + ('zero',))
def test_gradients_flow(mode):
    conv = PadConv2d(2, 3, 3, stride=2, padding=1, padding_mode=mode)
    x = torch.randn(2, 2, 9, 9, requires_grad=True)
    conv(x).square().sum().backward()
    assert x.grad.abs().sum() > 0 and conv.weight.grad.abs().sum() > 0
    assert conv.bias.grad.abs().sum() > 0


@pytest.mark.parametrize('scope', [None, 'mmdet', 'mmseg'])
def test_build_conv_layer_from_any_scope(scope):
    with DefaultScope.overwrite_default_scope(scope):
        conv = build_conv_layer(dict(type='PadConv2d', padding_mode='circular'),
                                3, 8, 3, padding=1)
    assert isinstance(conv, PadConv2d) and conv.padding_mode == 'circular'


def test_unknown_mode_lists_valid_modes_and_extension():
    with pytest.raises(ValueError) as err:
        PadConv2d(3, 3, 3, padding_mode='mirror')
    msg = str(err.value)
    assert "PadConv2d: unknown padding_mode 'mirror'" in msg
    for mode in NATIVE_MODES + POSSEG_MODES:
        assert mode in msg
    assert 'register' in msg and 'docs/custom_padding.md' in msg


def test_pad_value_needs_constant():
    with pytest.raises(ValueError, match="pad_value=1.0 is only used with "
                       "padding_mode='constant', got 'zeros'"):
        PadConv2d(3, 3, 3, padding=1, pad_value=1.0)


@pytest.mark.parametrize('mode,size', [('reflect', 3), ('circular', 2)])
def test_padding_larger_than_input_is_named(mode, size):
    conv = PadConv2d(1, 1, 7, padding=3, padding_mode=mode)
    with pytest.raises(ValueError, match=rf'PadConv2d\(1, 1, kernel_size=\(7, 7\).*'
                       rf"padding_mode='{mode}'\): {mode} padding .* does not fit "
                       rf'an input of {size}x{size}'):
        conv(torch.zeros(1, 1, size, size))


@pytest.mark.parametrize('mode, layer, conv_padding', [
    ('zeros', None, (1, 2)), ('partial', None, (1, 2)), ('none', None, (0, 0)),
    ('full', None, (2, 4)), ('circular', 'CircularPad2d', (0, 0)),
    ('reflect', 'ReflectionPad2d', (0, 0)), ('replicate', 'ReplicationPad2d', (0, 0)),
    ('constant', 'ConstantPad2d', (0, 0)), ('zero', 'ZeroPad2d', (0, 0))])
def test_mode_is_resolved_once_and_attributes_tell_it(mode, layer, conv_padding):
    conv = PadConv2d(2, 2, (3, 5), padding=(1, 2), padding_mode=mode)
    assert conv.padding_mode == mode and conv.padding == (1, 2)  # as asked
    assert conv.border == (2, 2, 1, 1)  # (left, right, top, bottom)
    assert type(conv.pad_layer).__name__ == str(layer) if layer else \
        conv.pad_layer is None
    assert conv.conv_padding == conv_padding
    assert f'padding_mode={mode}' in repr(conv)
