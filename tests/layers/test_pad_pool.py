"""PadMaxPool2d: torch's max-pool for zeros, the conv's border for the other modes."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from posseg.layers import PadMaxPool2d, pool_with_padding

X = torch.randn(2, 3, 9, 10)


def test_zeros_is_torchs_max_pool():
    pool = PadMaxPool2d(3, 2, 1)
    assert torch.equal(pool(X), nn.MaxPool2d(3, 2, 1)(X))
    assert pool.pad_layer is None and pool.padding_mode == 'zeros'


@pytest.mark.parametrize('mode', ['circular', 'reflect', 'replicate'])
def test_wrapping_modes_pool_the_padded_map(mode):
    pool = PadMaxPool2d(3, 2, 1, padding_mode=mode)
    expected = F.max_pool2d(F.pad(X, (1, 1, 1, 1), mode=mode), 3, 2)
    assert torch.equal(pool(X), expected)


def test_constant_none_and_full():
    constant = PadMaxPool2d(3, 2, 1, padding_mode='constant', pad_value=9.0)
    assert (constant(X)[..., 0, :] == 9.0).all()  # the border wins the max
    assert PadMaxPool2d(3, 2, 1, padding_mode='none')(X).shape[-2:] == (4, 4)
    full = PadMaxPool2d(3, 1, 1, padding_mode='full')(X)
    assert full.shape[-2:] == (11, 12)  # -inf padding: every window sees a pixel
    assert torch.isfinite(full).all()


def test_circular_pool_shifts_with_the_image():
    pool = PadMaxPool2d(3, 2, 1, padding_mode='circular')
    x = torch.randn(1, 2, 8, 8)
    assert torch.equal(pool(torch.roll(x, (2, 4), (2, 3))),
                       torch.roll(pool(x), (1, 2), (2, 3)))
    assert not torch.equal(nn.MaxPool2d(3, 2, 1)(torch.roll(x, (2, 4), (2, 3))),
                           torch.roll(nn.MaxPool2d(3, 2, 1)(x), (1, 2), (2, 3)))


def test_pool_with_padding_keeps_geometry_and_state():
    stock = nn.MaxPool2d(3, 2, 1, ceil_mode=True).eval()
    pool = pool_with_padding(stock, 'reflect')
    assert (pool.kernel_size, pool.stride, pool.padding, pool.ceil_mode) == (
        3, 2, 1, True) and not pool.training
    with pytest.raises(ValueError, match='returns indices'):
        pool_with_padding(nn.MaxPool2d(2, return_indices=True), 'none')
    with pytest.raises(ValueError, match="PadMaxPool2d: unknown padding_mode 'wrap'"):
        PadMaxPool2d(3, padding_mode='wrap')


@pytest.mark.parametrize('mode', ['reflect', 'replicate'])
def test_mirrored_border_of_a_3x3_pool_changes_nothing(mode):
    # ResNet's stem pool (3x3, stride 2, padding 1): the one padded pixel of an edge
    # window mirrors or repeats a pixel the window already holds, so the max is
    # torch's: the reflect cells of the studies were not changed by the pool
    x = torch.randn(2, 3, 17, 18)
    torch_pool = torch.nn.MaxPool2d(3, stride=2, padding=1)
    assert torch.equal(PadMaxPool2d(3, 2, 1, padding_mode=mode)(x), torch_pool(x))
