"""MarginEncoderDecoder: a padding-free segmentor predicts on the image's grid."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from conftest import ROOT
from posseg.utils.errors import PossegError


def build(config, head=None, **model):
    """The config's segmentor with ``model`` merged in and ``head`` (a whole decode
    head config) in place of its decode head."""
    cfg = Config.fromfile(f'{ROOT}/configs/{config}')
    cfg.model.update(model)
    if head is not None:
        cfg.model.decode_head = dict(head, norm_cfg=cfg.model.decode_head.norm_cfg)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        net = MODELS.build(cfg.model)
    net.init_weights()
    return net.eval()


def test_padded_convs_need_no_margin_and_give_encoder_decoders_logits():
    plain = build('seg_nocoord.py')
    margin = build('seg_nocoord.py', type='MarginEncoderDecoder')
    margin.load_state_dict(plain.state_dict())
    x = torch.randn(1, 3, 128, 128)
    assert margin.layout(128, 128) == (0, {3: (16, 16)})
    with torch.no_grad():
        assert torch.equal(plain(x, mode='tensor'), margin(x, mode='tensor'))


def test_valid_convs_get_the_margin_that_covers_the_grid():
    net = build('seg_nocoord_none.py')
    # (480 - 352) / 8 = 16 logits: the backbone and FCN head consume 352 px
    assert net.layout(128, 128) == (176, {3: (22, 22)})
    with torch.no_grad():
        assert net(torch.randn(1, 3, 128, 128), mode='tensor').shape[-2:] == (16, 16)
        assert net(torch.randn(1, 3, 100, 120), mode='tensor').shape[-2:] == (13, 15)
    assert set(net._layouts) == {(128, 128), (100, 120)}


def test_logits_stay_on_the_pixels_of_their_image_content():
    """A dot at (y, x) changes the logits most at (y / 8, x / 8)."""
    net = build('seg_nocoord_none.py')
    image = torch.zeros(1, 3, 128, 128)
    dotted = image.clone()
    dotted[..., 48:52, 80:84] = 10.0
    with torch.no_grad():
        change = net(dotted, mode='tensor') - net(image, mode='tensor')
    change = change.abs().sum(1)[0]
    y, x = divmod(change.argmax().item(), change.shape[-1])
    assert abs(y - 49.5 / 8) <= 1 and abs(x - 81.5 / 8) <= 1


NONE = dict(type='PadConv2d', padding_mode='none')
UPER = dict(type='AlignedUPerHead', in_channels=[32, 64, 128, 256],
            in_index=[0, 1, 2, 3], channels=16, num_classes=5, pool_scales=(1, 2))
DEEPLABV3PLUS = dict(type='AlignedDepthwiseSeparableASPPHead', in_channels=256,
                     in_index=3, channels=16, dilations=(1, 2), c1_in_channels=32,
                     c1_channels=8, num_classes=5)


def _multi_level(head, padding=NONE, **backbone):
    """The quick-start segmentor with a head that combines levels, its convs valid."""
    return build('seg_nocoord.py', dict(head, conv_cfg=padding),
                 type='MarginEncoderDecoder', output_stride=4,
                 backbone=dict(type='AlignedResNetV1c', conv_cfg=padding, **backbone))


# UPerNet reads a 2x pyramid: mmseg's UPerNet ResNets are not dilated
PYRAMID = dict(strides=(1, 2, 2, 2), dilations=(1, 1, 1, 1))


@pytest.mark.parametrize('head, backbone', [(UPER, PYRAMID), (DEEPLABV3PLUS, {})])
def test_heads_combining_levels_predict_the_grid_where_their_content_is(head,
                                                                        backbone):
    net = _multi_level(head, **backbone)
    margin, crops = net.layout(128, 128)
    assert margin > 100 and crops == {}  # logits cropped, not levels
    image = torch.zeros(1, 3, 128, 128)
    dotted = image.clone()
    dotted[..., 48:52, 80:84] = 10.0
    with torch.no_grad():
        plain = net(image, mode='tensor')
        change = (net(dotted, mode='tensor') - plain).abs().sum(1)[0]
    assert plain.shape[-2:] == (32, 32)  # output stride 4
    y, x = divmod(change.argmax().item(), change.shape[-1])
    # valid stride-2 convs on even sizes drop a pixel on one side, so combined levels
    # meet up to a fraction of a coarse stride apart (UPerNet: 1.6 logits = 6.5 px
    # here), never by the 184-268 px margin
    assert abs(y - 49.5 / 4) <= 2 and abs(x - 81.5 / 4) <= 2


def test_heads_combining_padded_levels_are_encoder_decoders():
    padded = dict(type='PadConv2d', padding_mode='zeros')
    margin_net = _multi_level(UPER, padded, **PYRAMID)
    plain = build('seg_nocoord.py', dict(UPER, type='UPerHead'),
                  backbone=dict(**PYRAMID))
    margin_net.load_state_dict(plain.state_dict())
    x = torch.randn(1, 3, 128, 128)
    assert margin_net.layout(128, 128) == (0, {})
    with torch.no_grad():
        assert torch.equal(plain(x, mode='tensor'), margin_net(x, mode='tensor'))


def test_bad_arguments_are_one_line():
    with pytest.raises(PossegError, match=r'output_stride=\(4, 8\) names 2 strides '
                       r'for 1 heads; give one per head'):
        build('seg_nocoord_none.py', output_stride=(4, 8))
    with pytest.raises(PossegError, match="unknown margin_mode 'mirror'"):
        build('seg_nocoord_none.py', margin_mode='mirror')
