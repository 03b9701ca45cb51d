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


