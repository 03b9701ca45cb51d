"""What mmseg's own heads do under ``none``/``full`` padding (docs/layers.md relies on it)."""
import pytest
import torch

from conftest import build_seg_head
from posseg.layers import PadConv2d


@pytest.mark.parametrize('mode, size', [('none', 18), ('full', 22)])
def test_psp_head_runs_as_it_is(mode, size):
    head = build_seg_head(mode, type='PSPHead', in_channels=8, channels=4,
                          num_classes=2, pool_scales=(1, 2, 3, 6))
    out = head([torch.randn(1, 8, 20, 20)])
    assert out.shape == (1, 2, size, size)  # only the bottleneck's 3x3 changes it


def test_separable_aspp_convs_ignore_conv_cfg():
    head = build_seg_head('none', type='DepthwiseSeparableASPPHead', in_channels=8,
                          channels=4, num_classes=2, dilations=(1, 2),
                          c1_in_channels=4, c1_channels=2)
    convs = [m for m in head.modules() if isinstance(m, torch.nn.Conv2d)]
    stock = [m for m in convs if not isinstance(m, PadConv2d)]
    assert stock, 'mmseg now passes conv_cfg to its separable convs: update docs/layers.md'
    assert all(m.padding != (0, 0) or m.kernel_size == (1, 1) for m in stock)
