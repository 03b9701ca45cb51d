"""The tools run mmseg configs too (scope from the config): train, test, --out."""
import json
import os

import cv2
import numpy as np
import pytest

from conftest import run_tool

CONFIG = """
_base_ = ['mmseg::_base_/models/fcn_r50-d8.py', 'mmseg::_base_/default_runtime.py',
          'mmseg::_base_/schedules/schedule_20k.py']
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    data_preprocessor=dict(size=(64, 64)),
    pretrained=None,
    backbone=dict(depth=18, norm_cfg=norm_cfg),
    decode_head=dict(in_channels=512, channels=16, num_classes=2, norm_cfg=norm_cfg),
    auxiliary_head=dict(in_channels=256, channels=8, num_classes=2,
                        norm_cfg=norm_cfg))
pipeline = [dict(type='LoadImageFromFile'), dict(type='LoadAnnotations'),
            dict(type='PackSegInputs')]
dataset = dict(
    type='BaseSegDataset', data_root={root!r}, img_suffix='.png',
    seg_map_suffix='.png', data_prefix=dict(img_path='img', seg_map_path='ann'),
    metainfo=dict(classes=('background', 'square'), palette=[[0, 0, 0], [255, 255, 255]]),
    pipeline=pipeline)
train_dataloader = dict(batch_size=2, num_workers=0, dataset=dataset,
                        sampler=dict(type='InfiniteSampler', shuffle=True))
val_dataloader = dict(batch_size=1, num_workers=0, dataset=dataset,
                      sampler=dict(type='DefaultSampler', shuffle=False))
test_dataloader = val_dataloader
val_evaluator = dict(type='IoUMetric', iou_metrics=['mIoU'])
test_evaluator = val_evaluator
train_cfg = dict(max_iters=4, val_interval=4)
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
default_hooks = dict(checkpoint=dict(interval=4), logger=dict(interval=1))
"""


@pytest.fixture
def seg_config(tmp_path):
    """Four 64 px images with one bright square each, and its mmseg config."""
    rng = np.random.default_rng(0)
    for sub in ('img', 'ann'):
        (tmp_path / 'seg' / sub).mkdir(parents=True)
    for i in range(4):
        x, y = rng.integers(0, 40, size=2)
        ann = np.zeros((64, 64), np.uint8)
        ann[y:y + 20, x:x + 20] = 1
        img = np.repeat(40 + 180 * ann[..., None], 3, axis=2).astype(np.uint8)
        cv2.imwrite(str(tmp_path / 'seg' / 'img' / f'{i}.png'), img)
        cv2.imwrite(str(tmp_path / 'seg' / 'ann' / f'{i}.png'), ann)
    cfg = tmp_path / 'fcn_tiny.py'
    cfg.write_text(CONFIG.format(root=str(tmp_path / 'seg')))
    return cfg


def test_mmseg_config_trains_and_tests(seg_config, tmp_path):
    work_dir = tmp_path / 'work'
    run_tool('tools/train.py', seg_config, '--work-dir', work_dir, check=True)
    val = json.loads((work_dir / 'metrics.json').read_text())['val']
    assert 0.0 <= val[-1]['metrics']['mIoU'] <= 100.0

    out = tmp_path / 'pred'
    run_tool('tools/test.py', seg_config, work_dir / 'iter_4.pth', '--work-dir',
             work_dir, '--out', out, check=True)
    assert len(os.listdir(out)) == 4  # one prediction map per image
    test = json.loads((work_dir / 'metrics.json').read_text())['test']
    assert 'mIoU' in test[-1]['metrics']


def test_missing_mmseg_dataset_is_named(tmp_path):
    cfg = tmp_path / 'fcn_missing.py'
    cfg.write_text(CONFIG.format(root=str(tmp_path / 'nowhere')))
    proc = run_tool('tools/train.py', cfg)
    assert proc.returncode != 0
    assert proc.stderr.strip().startswith(f'error: {tmp_path}/nowhere not found')
