"""VGG16: torchvision's layout (its weights load), conv_cfg honoured, both scopes."""
import pytest
import torch
import torchvision
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS as MMSEG_MODELS

from posseg.layers import PadConv2d
from posseg.models import VGG16


@pytest.mark.parametrize('scope,registry', [('mmdet', MMDET_MODELS),
                                            ('mmseg', MMSEG_MODELS)])
def test_builds_from_both_scopes(scope, registry):
    with DefaultScope.overwrite_default_scope(scope):
        net = registry.build(dict(type='VGG16', out_indices=(2, 4)))
    outs = net(torch.randn(1, 3, 64, 64))
    assert [tuple(o.shape[1:]) for o in outs] == [(256, 16, 16), (512, 4, 4)]


@pytest.mark.parametrize('bn', [False, True])
def test_torchvision_weights_load_and_match(bn):
    ref = (torchvision.models.vgg16_bn if bn else torchvision.models.vgg16)(
        weights=None).eval()
    net = VGG16(out_indices=(4,), norm_cfg=dict(type='BN') if bn else None).eval()
    missing, unexpected = net.load_state_dict(ref.state_dict(), strict=False)
    assert not missing and all(k.startswith('classifier') for k in unexpected)
    x = torch.randn(1, 3, 32, 32)
    relu5_3 = ref.features[:len(net.features)](x)
    assert torch.allclose(net(x)[0], relu5_3)


def test_conv_cfg_reaches_every_conv():
    net = VGG16(conv_cfg=dict(type='PadConv2d', padding_mode='none'))
    convs = [m for m in net.modules() if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) == 13 and all(
        isinstance(c, PadConv2d) and c.padding_mode == 'none' for c in convs)
    outs = net(torch.randn(1, 3, 212, 212))
    # -2 per conv, /2 per pool: 212 -> 208 | 104 -> 100 | 50 -> 44 | 22 -> 16 | 8 -> 2
    assert [o.shape[-1] for o in outs] == [208, 100, 44, 16, 2]


def test_bad_out_indices():
    with pytest.raises(ValueError, match='out_indices'):
        VGG16(out_indices=(5,))
