"""Every quick-start config builds its model and takes a training step."""
import glob
import os.path as osp

import pytest
from mmengine.config import Config

from conftest import ROOT, synthetic_batch, train_one_step

CONFIGS = sorted(osp.relpath(p, ROOT) for p in glob.glob(f'{ROOT}/configs/solo_*.py'))


@pytest.fixture(scope='module')
def batch(tmp_path_factory):
    return synthetic_batch('configs/solo_coordconv.py', tmp_path_factory.mktemp('syn'),
                           'mmdet')


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_one_step(config, batch):
    cfg = Config.fromfile(config)
    train_one_step(cfg, batch, 'mmdet')
    head = cfg.model.mask_head
    coords = head.get('coord_mode', 'input') if head.type == 'PosSOLOHead' else 'input'
    assert ('nocoord' in config) == (coords == 'none')


