"""Every quick-start config builds its model and takes a training step."""
import glob
import os.path as osp

import pytest
import torch
from mmdet.registry import DATASETS, MODELS
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import DefaultScope

from conftest import ROOT

CONFIGS = sorted(osp.relpath(p, ROOT) for p in glob.glob(f'{ROOT}/configs/solo_*.py'))


@pytest.fixture(scope='module')
def batch(tmp_path_factory):
    cfg = Config.fromfile(f'{ROOT}/configs/solo_coordconv.py')
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.update(data_root=str(tmp_path_factory.mktemp('syn')) + '/',
                  synthesis=dict(num_train=2, num_val=1))
    with DefaultScope.overwrite_default_scope('mmdet'):
        dataset = DATASETS.build(ds_cfg)
        return pseudo_collate([dataset[0], dataset[1]])


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_one_step(config, batch):
    cfg = Config.fromfile(config)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(batch, training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    total = sum(v for k, v in losses.items() if 'loss' in k)
    total.backward()
    assert torch.isfinite(total)
    head = cfg.model.mask_head
    coords = head.get('coord_mode', 'input') if head.type == 'PosSOLOHead' else 'input'
    assert ('nocoord' in config) == (coords == 'none')


def _shift_error(config, shift=64, size=256):
    """Largest difference, relative to each level's largest value, between the
    backbone + FPN features of a circularly shifted image and the shifted features
    of the image (random weights, eval mode)."""
    cfg = Config.fromfile(config)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    model.eval()
    image = torch.randn(1, 3, size, size)
    with torch.no_grad():
        plain = model.extract_feat(image)
        shifted = model.extract_feat(torch.roll(image, (shift, shift), (2, 3)))
    errors = []
    for level, moved in zip(plain, shifted):
        step = shift * level.shape[-1] // size
        expected = torch.roll(level, (step, step), (2, 3))
        errors.append(((moved - expected).abs().max() / level.abs().max()).item())
    return errors


@pytest.mark.parametrize('config', [c for c in CONFIGS if c.endswith('_circular.py')])
def test_circular_backbone_and_neck_are_exactly_shift_equivariant(config):
    # 64 px: the stride of the coarsest FPN level, so every level shifts by whole
    # pixels; no border of any kind (the stem max-pool pads circularly too)
    assert _shift_error(config) == [0.0] * 5


def test_zero_padded_backbone_and_neck_are_not():
    assert min(_shift_error('configs/solo_nocoord.py')) > 0.01
