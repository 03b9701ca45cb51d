"""PositionReadout: a frozen encoder (from a config or a trained checkpoint) and a
trained readout."""
import copy

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS
from mmengine.structures import BaseDataElement

from conftest import ROOT
from posseg.models.probes.position_readout import build_encoder
from posseg.utils.checkpoints import CheckpointError

SMALL_RESNET = dict(type='ResNetV1c', depth=18, base_channels=16, stem_channels=16,
                    out_indices=(0, 1, 2, 3))


def _samples(n, size):
    ramp = torch.linspace(0, 1, size).expand(size, size)[None]
    return [BaseDataElement(gt_map=ramp, metainfo=dict(input_type='natural'))
            for _ in range(n)]


def test_only_the_readout_trains():
    model = MODELS.build(dict(type='PositionReadout', encoder=SMALL_RESNET))
    assert model.readout[0].in_channels == 16 + 32 + 64 + 128
    encoder_before = copy.deepcopy(model.encoder.state_dict())
    readout_before = copy.deepcopy(model.readout.state_dict())
    optimizer = torch.optim.SGD([p for p in model.parameters() if p.requires_grad],
                                lr=0.1)
    model.train()
    assert not model.encoder.training and model.readout.training
    inputs = torch.rand(2, 3, 48, 48) * 255
    for _ in range(2):
        loss = model(model.data_preprocessor(dict(inputs=inputs))['inputs'],
                     _samples(2, 48), mode='loss')['loss_mse']
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    after = model.encoder.state_dict()
    assert all(torch.equal(encoder_before[k], after[k]) for k in after)  # BN stats too
    assert not torch.equal(readout_before['0.weight'], model.readout[0].weight)


def test_readout_shape_options_and_predictions():
    model = MODELS.build(dict(type='PositionReadout', num_layers=3, kernel_size=7,
                              padding=2, hidden_channels=8, feature_size=20))
    convs = [m for m in model.readout if isinstance(m, torch.nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size, c.padding)
            for c in convs] == [(3, 8, (7, 7), (2, 2)), (8, 8, (7, 7), (2, 2)),
                                (8, 1, (7, 7), (2, 2))]  # no encoder: the image
    model.eval()
    samples = model(torch.rand(2, 3, 40, 40), _samples(2, 40), mode='predict')
    maps = torch.stack([s.pred_map for s in samples])
    assert maps.shape == (2, 1, 40, 40) and 0 <= maps.min() and maps.max() <= 1


def _save_trained(tmp_path, config):
    """A checkpoint of a model built from a posseg config, as mmengine saves one."""
    cfg = Config.fromfile(f'{ROOT}/{config}')
    model = build_encoder(dict(cfg.model, type=('mmdet.' if 'solo' in config
                                                  else 'mmseg.') + cfg.model.type))
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p))  # not the initial weights
    path = tmp_path / 'trained.pth'
    torch.save(dict(meta=dict(), state_dict=model.state_dict()), path)
    return cfg, model, path


@pytest.mark.parametrize('config, with_neck', [('configs/solo_nocoord.py', True),
                                               ('configs/seg_nocoord.py', False)])
def test_encoder_from_a_detector_or_segmentor_checkpoint(config, with_neck, tmp_path):
    cfg, trained, path = _save_trained(tmp_path, config)
    kind = 'mmdet.' if 'solo' in config else 'mmseg.'
    encoder = dict(cfg.model.backbone, type=kind + cfg.model.backbone.type)
    neck = dict(cfg.model.neck, type=kind + cfg.model.neck.type) if with_neck else None
    model = MODELS.build(dict(type='PositionReadout', encoder=encoder, neck=neck,
                              checkpoint=str(path)))
    for part, source in ((model.encoder, trained.backbone),
                         (model.neck, getattr(trained, 'neck', None))):
        if part is None:
            continue
        loaded, want = part.state_dict(), source.state_dict()
        assert list(loaded) == list(want)
        assert all(torch.equal(loaded[k], want[k]) for k in want)  # every weight


def test_a_checkpoint_that_does_not_fit_is_refused(tmp_path):
    cfg, trained, path = _save_trained(tmp_path, 'configs/seg_nocoord.py')
    weights = trained.state_dict()
    del weights['backbone.layer1.0.conv1.weight']
    torch.save(dict(state_dict=weights), path)
    encoder = dict(cfg.model.backbone, type='mmseg.' + cfg.model.backbone.type)
    with pytest.raises(CheckpointError, match='1 weights missing '
                       r'\(layer1.0.conv1.weight\).*pass the config the model'):
        MODELS.build(dict(type='PositionReadout', encoder=encoder,
                          checkpoint=str(path)))
    torch.save(dict(state_dict={k: v for k, v in weights.items()
                                if not k.startswith('backbone.')}), path)
    with pytest.raises(CheckpointError, match='has no backbone.. weights'):
        MODELS.build(dict(type='PositionReadout', encoder=encoder,
                          checkpoint=str(path)))


def test_a_padding_free_encoder_sees_the_image_with_its_margin():
    valid = dict(SMALL_RESNET, type='mmseg.AlignedResNetV1c',
                 conv_cfg=dict(type='PadConv2d', padding_mode='none'))
    model = MODELS.build(dict(type='PositionReadout', encoder=valid,
                              margin_mode='reflect'))
    seen = []
    model.encoder.register_forward_hook(lambda m, i, out: seen.append(
        (i[0].shape[-1], [x.shape[-2:] for x in out])))
    image = torch.rand(1, 3, 40, 40)
    model.features(image)
    margin = model._margins[40, 40]
    side, levels = seen[-1]
    assert side == 40 + 2 * margin
    assert all(h >= -(-40 // s) and w >= -(-40 // s)  # every level covers the grid
               for (h, w), s in zip(levels, (4, 8, 16, 32)))
    side -= 2  # the margin is the smallest: one pixel less and a level is short
    short = model.encoder(torch.rand(1, 3, side, side))
    assert any(x.shape[-1] < -(-40 // s) for x, s in zip(short, (4, 8, 16, 32)))
    padded = MODELS.build(dict(type='PositionReadout', encoder=SMALL_RESNET,
                               margin_mode='reflect'))
    plain = MODELS.build(dict(type='PositionReadout', encoder=SMALL_RESNET))
    plain.load_state_dict(padded.state_dict())
    assert torch.equal(padded.features(image), plain.features(image))
    assert padded._margins[40, 40] == 0  # padded convs need no margin
