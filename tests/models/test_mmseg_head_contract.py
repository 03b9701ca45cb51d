"""mmseg's own unit-test checks of FCN, ASPP, separable-ASPP and UPer heads, on posseg's
aligned heads (mmseg tests/test_models/test_heads/test_{fcn,aspp,uper}_head.py).

Where mmseg feeds maps that no padded network makes (45 and 21 px: a stride-2 conv
of 45 px gives 23), the pyramid a padded conv gives is used too, and what the aligned
heads do with mmseg's maps, by design, is pinned below.
"""
import pytest
import torch
from mmcv.cnn import ConvModule
from mmengine.utils.dl_utils.parrots_wrapper import SyncBatchNorm

from posseg.models.decode_heads import (AlignedASPPHead,
                                        AlignedDepthwiseSeparableASPPHead,
                                        AlignedFCNHead, AlignedUPerHead)
from posseg.layers import PadConv2d

PADDINGS = [None, 'circular', 'reflect']  # every padding that keeps sizes


def _conv_cfg(mode):
    return None if mode is None else dict(type='PadConv2d', padding_mode=mode)


def _has_norm(head, sync_bn):
    modules = [m for m in head.modules() if isinstance(m, ConvModule)]
    return all(m.with_norm and (not sync_bn or isinstance(m.bn, SyncBatchNorm))
               for m in modules)


def _out(head, *sizes, channels=(8,)):
    torch.manual_seed(0)
    inputs = [torch.randn(1, c, s, s) for c, s in zip(channels, sizes)]
    return head.eval()(inputs).shape


def test_fcn_head_arguments_and_norms():
    with pytest.raises(AssertionError):  # num_convs must be >= 0
        AlignedFCNHead(num_classes=19, num_convs=-1)
    head = AlignedFCNHead(in_channels=8, channels=4, num_classes=19)
    assert not any(m.with_norm for m in head.modules() if isinstance(m, ConvModule))
    head = AlignedFCNHead(in_channels=8, channels=4, num_classes=19,
                          norm_cfg=dict(type='SyncBN'))
    assert _has_norm(head, sync_bn=True)


@pytest.mark.parametrize('mode', PADDINGS)
@pytest.mark.parametrize('kwargs, num_convs', [
    (dict(concat_input=False), 2), (dict(concat_input=True), 2),
    (dict(kernel_size=1), 2), (dict(num_convs=1), 1),
    (dict(channels=8, num_convs=0, concat_input=False), 0)])
def test_fcn_head_forward(mode, kwargs, num_convs):
    head = AlignedFCNHead(**dict(dict(in_channels=8, channels=4, num_classes=19,
                                      conv_cfg=_conv_cfg(mode)), **kwargs))
    if num_convs:
        assert len(head.convs) == num_convs
        kernel = kwargs.get('kernel_size', 3)
        assert all(c.conv.kernel_size == (kernel, kernel)
                   and c.conv.padding == (kernel // 2,) * 2 for c in head.convs)
    else:
        assert isinstance(head.convs, torch.nn.Identity)
    if head.concat_input:
        assert head.conv_cat.in_channels == 12
    assert _out(head, 23) == (1, 19, 23, 23)


def test_aspp_head_arguments_and_norms():
    with pytest.raises(AssertionError):  # dilations must be a list or tuple
        AlignedASPPHead(in_channels=32, channels=16, num_classes=19, dilations=1)
    assert not _has_norm(AlignedASPPHead(in_channels=32, channels=16,
                                         num_classes=19), sync_bn=False)
    assert _has_norm(AlignedASPPHead(in_channels=32, channels=16, num_classes=19,
                                     norm_cfg=dict(type='SyncBN')), sync_bn=True)


@pytest.mark.parametrize('mode', PADDINGS)
def test_aspp_head_forward(mode):
    head = AlignedASPPHead(in_channels=32, channels=16, num_classes=19,
                           dilations=(1, 12, 24), conv_cfg=_conv_cfg(mode))
    assert [m.conv.dilation for m in head.aspp_modules] == [(1, 1), (12, 12),
                                                            (24, 24)]
    assert _out(head, 45, channels=(32,)) == (1, 19, 45, 45)


def _sep_aspp(mode, c1_in_channels):
    return AlignedDepthwiseSeparableASPPHead(
        c1_in_channels=c1_in_channels, c1_channels=c1_in_channels // 2,
        in_channels=32, channels=16, num_classes=19, dilations=(1, 12, 24),
        in_index=-1, conv_cfg=_conv_cfg(mode))


@pytest.mark.parametrize('mode', PADDINGS)
def test_separable_aspp_head_without_c1(mode):
    head = _sep_aspp(mode, 0)
    assert head.c1_bottleneck is None
    assert head.aspp_modules[0].conv.dilation == (1, 1)
    assert [head.aspp_modules[i].depthwise_conv.conv.dilation for i in (1, 2)] == [
        (12, 12), (24, 24)]
    assert _out(head, 45, channels=(32,)) == (1, 19, 45, 45)


@pytest.mark.parametrize('mode, size', [
    (None, 45),
    # circular and reflect padding of 24 px (dilation 24) need an ASPP input of
    # more than 24 px (PadConv2d says so in one line)
    ('circular', 97), ('reflect', 97)])
def test_separable_aspp_head_with_c1(mode, size):
    head = _sep_aspp(mode, 8)
    assert (head.c1_bottleneck.in_channels, head.c1_bottleneck.out_channels) == (8, 4)
    if mode is not None:
        assert all(isinstance(m, PadConv2d) for m in head.modules()
                   if isinstance(m, torch.nn.Conv2d) and m is not head.conv_seg)
    aspp_size = (size + 1) // 2  # a stride-2 conv with padding
    assert _out(head, size, aspp_size, channels=(8, 32)) == (1, 19, size, size)


def test_uper_head_arguments_and_norms():
    with pytest.raises(AssertionError):  # in_channels must be a list or tuple
        AlignedUPerHead(in_channels=4, channels=2, num_classes=19)
    cfg = dict(in_channels=[4, 2], channels=2, num_classes=19, in_index=[-2, -1])
    assert not _has_norm(AlignedUPerHead(**cfg), sync_bn=False)
    assert _has_norm(AlignedUPerHead(norm_cfg=dict(type='SyncBN'), **cfg),
                     sync_bn=True)


@pytest.mark.parametrize('mode', PADDINGS)
def test_uper_head_forward(mode):
    head = AlignedUPerHead(in_channels=[4, 2], channels=2, num_classes=19,
                           in_index=[-2, -1], conv_cfg=_conv_cfg(mode))
    assert _out(head, 45, 23, channels=(4, 2)) == (1, 19, 45, 45)


def test_maps_no_padded_network_makes_are_taken_as_valid_conv_maps():
    # mmseg's tests pair 45 and 21 px (and stretch 21 -> 45); the aligned heads
    # read 2 x 21 = 42 < 45 as a finer map that valid convs shrank less, upsample
    # by the stride ratio and keep the 42 px both maps share
    uper = AlignedUPerHead(in_channels=[4, 2], channels=2, num_classes=19,
                           in_index=[-2, -1])
    assert _out(uper, 45, 21, channels=(4, 2)) == (1, 19, 42, 42)
    assert _out(_sep_aspp(None, 8), 45, 21, channels=(8, 32)) == (1, 19, 42, 42)
