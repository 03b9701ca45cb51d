"""Every saliency quick-start config builds, trains and evaluates; the tools save
drawn predictions and saliency maps."""
import glob
import json
import os.path as osp

import cv2
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmseg.registry import METRICS

from conftest import (ROOT, TINY_MMSEG_CONFIG, run_tool, synthetic_batch,
                      train_one_step)
from posseg.evaluation.saliency_metric import METRIC_NAMES

CONFIGS = sorted(osp.relpath(p, ROOT)
                 for p in glob.glob(f'{ROOT}/configs/saliency_*.py'))


@pytest.fixture(scope='module')
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp('sal')
    return synthetic_batch('configs/saliency_nocoord.py', root, 'mmseg')


def test_the_quick_start_set_is_there():
    assert {'configs/saliency_nocoord.py', 'configs/saliency_coordconv.py',
            'configs/saliency_nocoord_circular.py', 'configs/saliency_nocoord_none.py',
            'configs/saliency_nocoord_reflect.py'} <= set(CONFIGS)


@pytest.mark.parametrize('config', CONFIGS)
def test_config_trains_one_step_and_evaluates(config, batch):
    cfg = Config.fromfile(config)
    model = train_one_step(cfg, batch, 'mmseg')
    assert model.decode_head.out_channels == 1
    with DefaultScope.overwrite_default_scope('mmseg'):
        metric = METRICS.build(cfg.val_evaluator)
    model.eval()
    with torch.no_grad():
        predictions = model.test_step(batch)
    prob = predictions[0].seg_logits.data
    assert prob.shape == (1, 128, 128) and 0 <= prob.min() and prob.max() <= 1
    metric.process(batch, [p.to_dict() for p in predictions])
    metrics = metric.compute_metrics(metric.results)
    assert list(metrics) == list(METRIC_NAMES)
    assert all(0 <= v <= 1.1 for v in metrics.values())  # E-measure can pass 1
    coords = cfg.model.decode_head.get('coord_mode', 'none')
    assert ('nocoord' in config) == (coords == 'none')


def test_baseline_trains_tests_and_saves_maps_through_the_tools(tmp_path):
    cfg = tmp_path / 'saliency_tiny.py'
    cfg.write_text(TINY_MMSEG_CONFIG.format(base=f'{ROOT}/configs/saliency_nocoord.py',
                               root=str(tmp_path / 'sal') + '/'))
    work = tmp_path / 'work'
    run_tool('tools/train.py', cfg, '--work-dir', work, check=True)
    val = json.loads((work / 'metrics.json').read_text())['val'][-1]
    assert val['epoch'] == 1 and set(val['metrics']) >= set(METRIC_NAMES)
    run_tool('tools/test.py', cfg, work / 'epoch_1.pth', '--work-dir', work,
             '--show-dir', tmp_path / 'show', '--out', tmp_path / 'maps', check=True)
    test = json.loads((work / 'metrics.json').read_text())['test'][-1]['metrics']
    assert test['maxF'] == pytest.approx(val['metrics']['maxF'])
    drawn = sorted((tmp_path / 'show').rglob('*.png'))
    maps = sorted((tmp_path / 'maps').glob('*.png'))
    assert len(drawn) == 4 and [p.name for p in maps] == [
        f'{i:06d}.png' for i in range(8, 12)]
    saved = cv2.imread(str(maps[0]), cv2.IMREAD_UNCHANGED)
    assert saved.shape == (128, 128) and saved.dtype == 'uint8'
