"""MarginEncoderDecoder: a padding-free segmentor predicts on the image's grid."""
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from conftest import ROOT
from posseg.utils.errors import PossegError


def build(config, **model):
    cfg = Config.fromfile(f'{ROOT}/configs/{config}')
    cfg.model.update(model)
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


def test_heads_reading_several_levels_are_refused_in_one_line():
    cfg = Config.fromfile(f'{ROOT}/configs/seg_nocoord.py').model
    cfg.type = 'MarginEncoderDecoder'
    cfg.decode_head = dict(type='AlignedUPerHead', in_channels=[32, 64, 128, 256],
                           in_index=[0, 1, 2, 3], channels=16, num_classes=5)
    with pytest.raises(PossegError, match=r'reads several feature levels \(in_index='
                       r'\[0, 1, 2, 3\]\); heads that read one level'):
        with DefaultScope.overwrite_default_scope('mmseg'):
            MODELS.build(cfg)
    with pytest.raises(PossegError, match="unknown margin_mode 'mirror'"):
        build('seg_nocoord_none.py', margin_mode='mirror')
