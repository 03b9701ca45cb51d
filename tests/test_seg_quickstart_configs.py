"""Every semantic-segmentation quick-start config builds, trains and evaluates."""
import glob
import json
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmseg.registry import METRICS

from conftest import (ROOT, TINY_MMSEG_CONFIG, run_tool, synthetic_batch,
                      train_one_step)

CLASSES = ('background', 'disc_top', 'disc_bottom', 'square', 'triangle')
CONFIGS = sorted(osp.relpath(p, ROOT) for p in glob.glob(f'{ROOT}/configs/seg_*.py'))


@pytest.fixture(scope='module')
def batch(tmp_path_factory):
    return synthetic_batch('configs/seg_nocoord.py', tmp_path_factory.mktemp('sem'),
                           'mmseg')


def test_the_quick_start_set_is_there():
    assert {'configs/seg_nocoord.py', 'configs/seg_coordconv.py',
            'configs/seg_nocoord_circular.py',
            'configs/seg_nocoord_reflect.py'} <= set(CONFIGS)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_one_step_and_evaluates(config, batch):
    cfg = Config.fromfile(config)
    model = train_one_step(cfg, batch, 'mmseg')
    with DefaultScope.overwrite_default_scope('mmseg'):
        metric = METRICS.build(cfg.val_evaluator)
    model.eval()
    with torch.no_grad():
        predictions = model.test_step(batch)
    assert predictions[0].pred_sem_seg.shape == (128, 128)
    metric.dataset_meta = dict(classes=CLASSES)
    metric.process(batch, [p.to_dict() for p in predictions])
    metrics = metric.compute_metrics(metric.results)
    assert 0 <= metrics['mIoU'] <= 100 and 'mIoU.position' in metrics
    coords = cfg.model.decode_head.get('coord_mode', 'none')
    assert ('nocoord' in config) == (coords == 'none')


def test_baseline_trains_and_evaluates_through_the_tools(tmp_path):
    cfg = tmp_path / 'seg_tiny.py'
    cfg.write_text(TINY_MMSEG_CONFIG.format(base=f'{ROOT}/configs/seg_nocoord.py',
                               root=str(tmp_path / 'sem') + '/'))
    run_tool('tools/train.py', cfg, '--work-dir', tmp_path / 'work', check=True)
    with open(tmp_path / 'work' / 'metrics.json') as f:
        val = json.load(f)['val'][-1]
    assert val['epoch'] == 1
    metrics = val['metrics']
    assert 0 <= metrics['mIoU'] <= 100
    assert all(0 <= metrics[f'IoU.{c}'] <= 100 for c in CLASSES)
    assert metrics['mIoU.position'] == pytest.approx(
        (metrics['IoU.disc_top'] + metrics['IoU.disc_bottom']) / 2, abs=0.01)
    assert 'mIoU.appearance' in metrics
