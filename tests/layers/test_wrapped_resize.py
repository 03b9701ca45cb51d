"""interpolate_wrapped resizes a map as one period of a periodic signal."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

from posseg.layers import WrapAroundResampling, interpolate_wrapped

SIZES = [(16, 16), (4, 4), (12, 12), (10, 6), (5, 7)]


def _tiled_reference(x, size, mode):
    """F.interpolate of three periods, middle period kept: the periodic resize."""
    h, w = size
    tiled = F.interpolate(x.repeat(1, 1, 3, 3), size=(3 * h, 3 * w), mode=mode)
    return tiled[..., h:2 * h, w:2 * w]


@pytest.mark.parametrize('size', SIZES)
@pytest.mark.parametrize('mode', ['bilinear', 'nearest'])
def test_equals_the_resize_of_the_periodic_map(size, mode):
    x = torch.randn(2, 3, 8, 8)
    out = interpolate_wrapped(x, size=size, mode=mode)
    assert out.shape == (2, 3, *size)
    torch.testing.assert_close(out, _tiled_reference(x, size, mode))


def test_inside_the_map_it_is_f_interpolate():
    x = torch.randn(1, 2, 8, 8)
    plain = F.interpolate(x, scale_factor=2, mode='bilinear')
    wrapped = interpolate_wrapped(x, scale_factor=2, mode='bilinear')
    # only the pixels whose neighbours lie across the edge change
    assert torch.equal(wrapped[..., 1:-1, 1:-1], plain[..., 1:-1, 1:-1])
    assert not torch.equal(wrapped, plain)


@pytest.mark.parametrize('size,shift', [((16, 16), 2), ((4, 4), 2), ((12, 12), 2)])
def test_a_circular_shift_shifts_the_output(size, shift):
    x = torch.randn(1, 2, 8, 8)
    step = shift * size[0] // 8
    moved = interpolate_wrapped(torch.roll(x, (shift, shift), (2, 3)), size=size,
                                mode='bilinear')
    expected = torch.roll(interpolate_wrapped(x, size=size, mode='bilinear'),
                          (step, step), (2, 3))
    torch.testing.assert_close(moved, expected, rtol=0, atol=1e-6)
    if size[0] < 8:
        return  # a 2x downsampling reads no pixel across the edge
    # the clamped edge of F.interpolate breaks it
    clamped = F.interpolate(torch.roll(x, (shift, shift), (2, 3)), size=size,
                            mode='bilinear')
    plain = torch.roll(F.interpolate(x, size=size, mode='bilinear'), (step, step),
                       (2, 3))
    assert (clamped - plain).abs().max() > 0.1


def test_mode_wraps_every_interpolate_and_nothing_else():
    x = torch.randn(1, 2, 8, 8)
    conv = nn.Conv2d(2, 2, 3, padding=1)
    with WrapAroundResampling():
        upsampled = nn.Upsample(scale_factor=2, mode='bilinear')(x)
        grid = F.interpolate(x, 6, mode='bilinear')
        convolved = conv(x)
    assert torch.equal(upsampled, interpolate_wrapped(x, scale_factor=2,
                                                      mode='bilinear'))
    assert torch.equal(grid, interpolate_wrapped(x, size=6, mode='bilinear'))
    assert torch.equal(convolved, conv(x))
    assert torch.equal(F.interpolate(x, 6, mode='bilinear'),
                       F.interpolate(x, size=(6, 6), mode='bilinear'))  # left


@pytest.mark.parametrize('kwargs', [dict(mode='bicubic'),
                                    dict(mode='bilinear', align_corners=True),
                                    dict(mode='bilinear', antialias=True)])
def test_what_cannot_wrap_is_refused(kwargs):
    with pytest.raises(ValueError, match='interpolate_wrapped: cannot wrap'):
        interpolate_wrapped(torch.zeros(1, 1, 4, 4), size=8, **kwargs)
