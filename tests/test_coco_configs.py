"""The real-data SOLO configs: they load, build, and their COCO pipeline trains and
evaluates on a tiny COCO-format dataset made here (COCO cannot be downloaded)."""
import glob
import json
import os.path as osp

import cv2
import numpy as np
import pytest
from mmdet.datasets import CocoDataset
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import DefaultScope
from pycocotools import mask as mask_utils

from conftest import ROOT, run_tool

CONFIGS = sorted(osp.relpath(p, ROOT) for p in glob.glob(f'{ROOT}/configs/solo/*.py'))


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds(config):
    cfg = Config.fromfile(config)
    assert cfg.model.mask_head.type.startswith('Pos')
    assert cfg.model.mask_head.loss_cls.type == 'TorchFocalLoss'
    assert cfg.train_dataloader.dataset.data_root == 'data/coco/'
    cfg.model.backbone.init_cfg = None  # no download here
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    coords = 'none' if '-nocoord' in config else 'all' if '-coordall' in config \
        else 'input'
    assert cfg.model.mask_head.coord_mode == coords
    padding = config.split('-pad')[1].split('_')[0] if '-pad' in config else 'zeros'
    assert cfg.model.backbone.get('conv_cfg', {}).get('padding_mode',
                                                      'zeros') == padding
    if padding == 'none':  # runnable: a margin lets a COCO-sized image through
        assert 0 < model.margin(800, 1344) < 400


def _tiny_coco(root, split, n):
    """n COCO-style images with two square instances each (COCO's categories)."""
    rng = np.random.default_rng(len(split))
    images, anns = [], []
    (root / f'{split}2017').mkdir(parents=True)
    for i in range(n):
        img = rng.integers(0, 255, (96, 128, 3), dtype=np.uint8)
        cv2.imwrite(str(root / f'{split}2017' / f'{i:012d}.jpg'), img)
        images.append(dict(id=i, file_name=f'{i:012d}.jpg', height=96, width=128))
        for k, (x, y) in enumerate([(10, 10), (60, 40)]):
            m = np.zeros((96, 128), np.uint8)
            m[y:y + 30, x:x + 30] = 1
            rle = mask_utils.encode(np.asfortranarray(m))
            anns.append(dict(id=len(anns) + 1, image_id=i, category_id=k + 1,
                             segmentation=dict(size=rle['size'],
                                               counts=rle['counts'].decode()),
                             area=900.0, bbox=[x, y, 30, 30], iscrowd=0))
    # CocoDataset matches categories by name: use COCO's
    cats = [dict(id=i + 1, name=n)
            for i, n in enumerate(CocoDataset.METAINFO['classes'])]
    (root / 'annotations').mkdir(exist_ok=True)
    with open(root / 'annotations' / f'instances_{split}2017.json', 'w') as f:
        json.dump(dict(images=images, annotations=anns, categories=cats), f)


def test_coco_pipeline_trains_and_evaluates(tmp_path):
    coco = tmp_path / 'coco'
    _tiny_coco(coco, 'train', 4)
    _tiny_coco(coco, 'val', 2)
    # the COCO config, made small: R18 from scratch, 64 channels, 128 px scale
    cfg = tmp_path / 'solo_tiny_coco.py'
    cfg.write_text(f"""
_base_ = '{ROOT}/configs/solo/solo-nocoord_r50_fpn_1x_coco.py'
data_root = '{coco}/'
model = dict(
    backbone=dict(depth=18, init_cfg=None),
    neck=dict(in_channels=[64, 128, 256, 512], out_channels=64),
    mask_head=dict(in_channels=64, feat_channels=64, stacked_convs=1,
                   num_grids=[8, 6, 4, 4, 2]))
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                        dataset=dict(data_root=data_root))
val_dataloader = dict(num_workers=0, persistent_workers=False,
                      dataset=dict(data_root=data_root))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val2017.json')
test_evaluator = val_evaluator
train_cfg = dict(max_epochs=1)
""")
    work_dir = tmp_path / 'work'
    run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--cfg-options',
             'train_dataloader.dataset.pipeline.2.scale=(128,96)',
             'val_dataloader.dataset.pipeline.1.scale=(128,96)', check=True)
    val = json.loads((work_dir / 'metrics.json').read_text())['val']
    assert [e['epoch'] for e in val] == [1]
