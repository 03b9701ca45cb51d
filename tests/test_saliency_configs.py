"""The real-data saliency configs (configs/saliency/) train on DUTS-TR or MSRA-B and
test on ECSSD, PASCAL-S, DUT-OMRON and DUTS-TE in one run, on tiny datasets written
here in each set's folder layout (none can be downloaded here)."""
import json
import os.path as osp

import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmseg.registry import DATASETS
from PIL import Image

from conftest import ROOT, run_tool
from posseg.evaluation.saliency_metric import METRIC_NAMES

# set -> (image folder, mask folder) under data/saliency/, as data/README.md lists
LAYOUTS = {
    'DUTS-TR': ('DUTS/DUTS-TR/DUTS-TR-Image', 'DUTS/DUTS-TR/DUTS-TR-Mask'),
    'DUTS-TE': ('DUTS/DUTS-TE/DUTS-TE-Image', 'DUTS/DUTS-TE/DUTS-TE-Mask'),
    'ECSSD': ('ECSSD/images', 'ECSSD/ground_truth_mask'),
    'PASCAL-S': ('PASCAL-S/datasets/imgs/pascal', 'PASCAL-S/datasets/masks/pascal'),
    'DUT-OMRON': ('DUT-OMRON/DUT-OMRON-image', 'DUT-OMRON/pixelwiseGT-new-PNG'),
    'HKU-IS': ('HKU-IS/imgs', 'HKU-IS/gt'),
}
TEST_SETS = ('ECSSD', 'PASCAL-S', 'DUT-OMRON', 'DUTS-TE')


def _pair(rng, image_path, mask_path, shape=(30, 40)):
    """A JPEG (or PNG) image and an antialiased 0..255 mask with a salient blob."""
    for path in (image_path, mask_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rng.integers(0, 255, (*shape, 3), dtype=np.uint8)).save(image_path)
    mask = np.zeros(shape, np.uint8)
    mask[8:20, 10:30] = 255
    mask[7, 10:30] = 128  # an antialiased edge
    Image.fromarray(mask).save(mask_path)


def _tiny_sets(root, count=2):
    rng = np.random.default_rng(0)
    for name, (images, masks) in LAYOUTS.items():
        ext = '.png' if name == 'HKU-IS' else '.jpg'
        for i in range(count):
            _pair(rng, root / images / f'{name}_{i}{ext}',
                  root / masks / f'{name}_{i}.png')
    msra = root / 'MSRA-B'
    for i in range(3):  # images and masks in one folder, split lists
        _pair(rng, msra / f'0_{i}.jpg', msra / f'0_{i}.png')
    (msra / 'train_cvpr2013.txt').write_text('0_0.jpg\n0_2.jpg\n')
    return root


@pytest.mark.parametrize('name', LAYOUTS)
def test_each_layout_loads(name, tmp_path):
    root = _tiny_sets(tmp_path)
    images, masks = LAYOUTS[name]
    with DefaultScope.overwrite_default_scope('mmseg'):
        ds = DATASETS.build(dict(
            type='SaliencyDataset', subset=name, data_root=str(root),
            data_prefix=dict(img_path=images, seg_map_path=masks),
            pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadSaliencyMask')]))
        item = ds[0]
    assert len(ds) == 2
    assert item['gt_seg_map'].shape == (30, 40) and item['img'].shape == (30, 40, 3)
    assert set(np.unique(item['gt_seg_map'])) == {0, 1}
    assert item['gt_seg_map'].sum() == 12 * 20  # the 128 edge stays background


# the config's model made small (ResNet-18 at a quarter width, from scratch; VGG16 with
# a narrow head); data,
# pipelines (at the real 352 px), evaluator and runtime stay the config's
SMALL = """
_base_ = {base!r}
data_root = {root!r}
model = dict(pretrained=None{model})
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False)
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = dict(num_workers=0, persistent_workers=False)
train_cfg = dict(max_iters=2, val_interval=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2))
"""
SMALL_R50 = """,
    backbone=dict(depth=18, stem_channels=16, base_channels=16),
    decode_head=dict(in_channels=128, channels=16),
    auxiliary_head=dict(in_channels=64, channels=16)"""
SMALL_VGG = """,  # VGG16 as it is (it has no width parameter), a narrow head
    backbone=dict(norm_cfg=dict(type='BN', requires_grad=True)),
    decode_head=dict(channels=16)"""


def _data_roots(root):
    """--cfg-options pointing every dataset of the config at ``root``."""
    options = [f'train_dataloader.dataset.data_root={root}',
               f'val_dataloader.dataset.data_root={root}']
    options += [f'test_dataloader.dataset.datasets.{i}.data_root={root}'
                for i in range(len(TEST_SETS))]
    return options


@pytest.mark.parametrize('config, model', [
    ('configs/saliency/fcn-padcircular_r50-d8_4xb4-20k_duts-352x352.py', SMALL_R50),
    ('configs/saliency/fcn_vgg16_4xb4-20k_msra-b-352x352.py', SMALL_VGG)])
def test_trains_and_tests_every_set_in_one_run(config, model, tmp_path):
    root = _tiny_sets(tmp_path / 'saliency')
    cfg = tmp_path / 'small.py'
    cfg.write_text(SMALL.format(base=osp.join(ROOT, config), root=str(root),
                                model=model))
    work = tmp_path / 'work'
    options = ['--cfg-options', *_data_roots(root)]
    run_tool('tools/train.py', cfg, '--work-dir', work, *options, check=True)
    val = json.loads((work / 'metrics.json').read_text())['val'][-1]
    assert val['iter'] == 2  # validation: ECSSD, named as in the test run
    assert set(val['metrics']) >= {f'ECSSD/{m}' for m in METRIC_NAMES}
    run_tool('tools/test.py', cfg, work / 'iter_2.pth', '--work-dir', work,
             '--out', tmp_path / 'maps', *options, check=True)
    test = json.loads((work / 'metrics.json').read_text())['test'][-1]['metrics']
    for subset in TEST_SETS:
        assert all(0 <= test[f'{subset}/{m}'] <= 1.1 for m in METRIC_NAMES), subset
    assert test['ECSSD/maxF'] == pytest.approx(val['metrics']['ECSSD/maxF'])
    # maps at each mask's resolution, one folder per set
    maps = sorted(p.relative_to(tmp_path / 'maps').as_posix()
                  for p in (tmp_path / 'maps').rglob('*.png'))
    assert maps == sorted(f'{s}/{s}_{i}.png' for s in TEST_SETS for i in range(2))
    assert np.asarray(Image.open(tmp_path / 'maps' / maps[0])).shape == (30, 40)
