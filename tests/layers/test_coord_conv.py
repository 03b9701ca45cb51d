"""AddCoords and CoordConv2d."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from posseg.layers import AddCoords, CoordConv2d


def test_add_coords_values_and_cache():
    add = AddCoords(with_r=True)
    out = add(torch.zeros(2, 1, 3, 5))
    assert out.shape == (2, 4, 3, 5)
    x, y, r = out[0, 1], out[0, 2], out[0, 3]
    assert x[0].tolist() == [-1.0, -0.5, 0.0, 0.5, 1.0]  # x varies along the width
    assert y[:, 0].tolist() == [-1.0, 0.0, 1.0]
    assert torch.allclose(r, torch.sqrt(x ** 2 + y ** 2))
    assert add.grid(3, 5, torch.device('cpu'), torch.float32) is \
        add.grid(3, 5, torch.device('cpu'), torch.float32)
    assert AddCoords()(torch.zeros(1, 1, 1, 1))[0, 1:].abs().sum() == 0  # 1 px


@pytest.mark.parametrize('with_r', [False, True])
@pytest.mark.parametrize('mode', ['zeros', 'reflect', 'none', 'partial'])
def test_coord_conv_is_a_conv_on_concatenated_coordinates(with_r, mode):
    torch.manual_seed(0)
    conv = CoordConv2d(4, 6, 3, padding=1, with_r=with_r, padding_mode=mode)
    assert conv.weight.shape[1] == 4 + 2 + with_r
    x = torch.randn(2, 4, 7, 9)
    h, w = x.shape[-2:]
    yy, xx = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w),
                            indexing='ij')
    coords = [xx, yy] + ([torch.sqrt(xx ** 2 + yy ** 2)] if with_r else [])
    x_with_coords = torch.cat([x, torch.stack(coords)[None].expand(2, -1, -1, -1)], 1)
    if mode in ('zeros', 'reflect'):
        plain = nn.Conv2d(4 + 2 + with_r, 6, 3, padding=1, padding_mode=mode)
        plain.load_state_dict(conv.state_dict())
        assert torch.allclose(conv(x), plain(x_with_coords), atol=1e-6)
    elif mode == 'none':
        assert torch.allclose(conv(x), F.conv2d(x_with_coords, conv.weight,
                                                conv.bias), atol=1e-6)
    else:
        ref = conv.partial_ratio((h, w), x.device, x.dtype)
        expected = F.conv2d(x_with_coords, conv.weight, None, padding=1) * ref
        assert torch.allclose(conv(x), expected + conv.bias.view(1, -1, 1, 1),
                              atol=1e-5)


def test_coord_conv_gradients():
    conv = CoordConv2d(2, 2, 3, padding=1, padding_mode='circular')
    x = torch.randn(1, 2, 5, 5, requires_grad=True)
    (conv(x) * torch.randn(1, 2, 5, 5)).sum().backward()
    assert x.grad is not None and conv.weight.grad[:, 2:].abs().sum() > 0
