"""The real-data mmseg configs (configs/seg/, configs/saliency/): they load and build,
each variant is what its name says; the VOC and Cityscapes pipelines train and evaluate
on tiny datasets written here in the real folder layouts (neither can be downloaded
here; the saliency layouts: tests/test_saliency_configs.py)."""
import glob
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS
from PIL import Image

from conftest import ROOT, run_tool
from posseg.layers import CoordConv2d, PadConv2d
from posseg.utils.config_errors import build_model

CONFIGS = sorted(osp.relpath(p, ROOT) for folder in ('seg', 'saliency')
                 for p in glob.glob(f'{ROOT}/configs/{folder}/*.py'))
CHANGES = ('padnone', 'padcircular', 'padreflect', 'padreplicate', 'padpartial',
           'coordconv')


def _change(config):
    algo = osp.basename(config).split('_')[0]
    return algo.split('-', 1)[1] if '-' in algo else None


def test_every_model_and_dataset_has_every_variant():
    bases = [c for c in CONFIGS if _change(c) is None]
    # FCN R50, DeepLabV3 R50, FCN VGG16 x VOC, Cityscapes; saliency: FCN R50 and
    # VGG16 on DUTS, FCN VGG16 on MSRA-B
    assert len(bases) == 9
    for base in bases:
        algo, rest = osp.basename(base).split('_', 1)
        for change in CHANGES:
            assert f'{osp.dirname(base)}/{algo}-{change}_{rest}' in CONFIGS


@pytest.mark.parametrize('config', CONFIGS)
def test_config_builds_as_its_name_says(config):
    cfg = Config.fromfile(config)
    model = build_model(cfg, config)
    change = _change(config) or 'padzeros'
    heads = [model.decode_head] + ([model.auxiliary_head]
                                   if model.with_auxiliary_head else [])
    convs = [m for part in [model.backbone, *heads] for m in part.modules()
             if isinstance(m, torch.nn.Conv2d)
             and all(m is not h.conv_seg for h in heads)]
    if change.startswith('pad') and change != 'padzeros':
        mode = change[3:]
        assert all(isinstance(c, PadConv2d) and c.padding_mode == mode
                   for c in convs), config
    else:  # zero padding as mmseg builds it
        assert all(c.padding_mode == 'zeros' for c in convs)
    assert (type(model).__name__ == 'MarginEncoderDecoder') == (change == 'padnone')
    coords = [c for c in convs if isinstance(c, CoordConv2d)]
    assert bool(coords) == (change == 'coordconv')
    if 'saliency' in config:  # one sigmoid output: the saliency map
        assert all(h.out_channels == 1 and h.loss_decode.use_sigmoid for h in heads)
    if change == 'padnone':  # runnable: a margin lets a crop through
        crop = cfg.crop_size
        margin, _ = model.layout(*crop)
        assert 0 < margin < 1000


def _png(path, array, palette=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(array)
    if palette:  # VOC's SegmentationClass: indexed colour, value = class
        image = image.convert('P')
        image.putpalette([c for i in range(256) for c in (i, 255 - i, i // 2)])
    image.save(path)


def _labels(rng, shape, num_classes):
    labels = rng.integers(0, num_classes, shape, dtype=np.uint8)
    labels[:2] = 255  # an ignored border, as VOC draws around objects
    return labels


def _tiny_voc(root):
    """VOCdevkit/VOC2012 with train/val/aug splits of 2, 1 and 2 images."""
    rng = np.random.default_rng(0)
    voc = root / 'VOCdevkit' / 'VOC2012'
    names = dict(train=['2007_000032', '2007_000039'], val=['2007_000033'],
                 aug=['2008_000002', '2008_000003'])
    for split, ids in names.items():
        for name in ids:
            _png(voc / 'JPEGImages' / f'{name}.png',
                 rng.integers(0, 255, (48, 64, 3), dtype=np.uint8))
            (voc / 'JPEGImages' / f'{name}.png').rename(
                voc / 'JPEGImages' / f'{name}.jpg')  # a PNG named .jpg decodes too
            labels = _labels(rng, (48, 64), 21)
            if split != 'aug':
                _png(voc / 'SegmentationClass' / f'{name}.png', labels, palette=True)
            _png(voc / 'SegmentationClassAug' / f'{name}.png', labels)
        (voc / 'ImageSets' / 'Segmentation').mkdir(parents=True, exist_ok=True)
        (voc / 'ImageSets' / 'Segmentation' / f'{split}.txt').write_text(
            '\n'.join(ids) + '\n')
    return voc


def _tiny_cityscapes(root):
    """cityscapes/ with leftImg8bit and gtFine labelTrainIds, 2 train + 1 val."""
    rng = np.random.default_rng(1)
    city = root / 'cityscapes'
    for split, n in (('train', 2), ('val', 1)):
        for i in range(n):
            stem = f'aachen_{i:06d}_000019'
            _png(city / 'leftImg8bit' / split / 'aachen' / f'{stem}_leftImg8bit.png',
                 rng.integers(0, 255, (32, 64, 3), dtype=np.uint8))
            _png(city / 'gtFine' / split / 'aachen' /
                 f'{stem}_gtFine_labelTrainIds.png', _labels(rng, (32, 64), 19))
    return city


# the config's model made small (ResNet-18 at a quarter width, from scratch); data,
# pipeline (at the real crop size), evaluator and runtime stay the config's
SMALL_R50 = """
_base_ = {base!r}
data_root = {root!r}
model = dict(
    pretrained=None,
    backbone=dict(depth=18, stem_channels=16, base_channels=16),
    decode_head=dict(in_channels=128, channels=16),
    auxiliary_head=dict(in_channels=64, channels=16))
train_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False)
val_dataloader = dict(num_workers=0, persistent_workers=False)
test_dataloader = val_dataloader
train_cfg = dict(max_iters=2, val_interval=2)
default_hooks = dict(logger=dict(interval=1), checkpoint=dict(interval=2))
"""


@pytest.mark.parametrize('config, make_data', [
    ('configs/seg/fcn-padcircular_r50-d8_4xb4-20k_voc12aug-512x512.py', _tiny_voc),
    ('configs/seg/deeplabv3_r50-d8_4xb2-80k_cityscapes-512x1024.py',
     _tiny_cityscapes)])
def test_real_layout_trains_and_evaluates(config, make_data, tmp_path):
    root = make_data(tmp_path)
    cfg = tmp_path / 'small.py'
    cfg.write_text(SMALL_R50.format(base=osp.join(ROOT, config), root=str(root)))
    options = ['--cfg-options']
    if 'voc' in config:  # ConcatDataset of train and aug: their data_root too
        options += [f'train_dataloader.dataset.datasets.{i}.data_root={root}'
                    for i in (0, 1)]
    else:
        options += [f'train_dataloader.dataset.data_root={root}']
    options += [f'val_dataloader.dataset.data_root={root}']
    work_dir = tmp_path / 'work'
    run_tool('tools/train.py', cfg, '--work-dir', work_dir, *options, check=True)
    val = json.loads((work_dir / 'metrics.json').read_text())['val']
    assert [e['iter'] for e in val] == [2]
    assert 0 <= val[0]['metrics']['mIoU'] <= 100


@pytest.mark.parametrize('config', [
    'configs/seg/fcn_vgg16_4xb4-20k_voc12aug-512x512.py',
    'configs/seg/fcn-padnone_vgg16_4xb4-20k_voc12aug-512x512.py'])
def test_vgg_fcn_predicts_the_image_grid(config):
    cfg = Config.fromfile(config)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        logits = model(torch.randn(1, 3, 64, 96), mode='tensor')
    assert logits.shape == (1, 21, 4, 6)  # output stride 16
