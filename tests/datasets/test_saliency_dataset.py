"""SaliencyDataset pairs images with masks by stem; LoadSaliencyMask binarises them."""
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmseg.registry import DATASETS, TRANSFORMS
from PIL import Image

from posseg.datasets import MissingMaskError


def _save(path, array, mode=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.fromarray(array)
    image.save(path) if mode is None else image.convert(mode).save(path)


def _build(**cfg):
    with DefaultScope.overwrite_default_scope('mmseg'):
        return DATASETS.build(dict(type='SaliencyDataset', **cfg))


def _infos(ds):
    return [ds.get_data_info(i) for i in range(len(ds))]


def _load_mask(path, **kwargs):
    with DefaultScope.overwrite_default_scope('mmseg'):
        load = TRANSFORMS.build(dict(type='LoadSaliencyMask', **kwargs))
    return load(dict(seg_map_path=str(path), seg_fields=[], reduce_zero_label=False))


def test_pairs_by_stem_across_extensions_and_subfolders(tmp_path):
    image = np.zeros((6, 8, 3), np.uint8)
    mask = np.zeros((6, 8), np.uint8)
    _save(tmp_path / 'img' / 'a.jpg', image)
    _save(tmp_path / 'img' / 'b.PNG', image)
    _save(tmp_path / 'img' / 'sub' / 'c.bmp', image)
    _save(tmp_path / 'img' / 'notes.txt.png', image)  # a stem with a dot
    for name in ('a.png', 'b.bmp', 'sub/c.png', 'notes.txt.png'):
        _save(tmp_path / 'gt' / name, mask)
    (tmp_path / 'img' / 'readme.txt').write_text('not an image')
    ds = _build(data_root=str(tmp_path), subset='TINY',
                data_prefix=dict(img_path='img', seg_map_path='gt'))
    pairs = [(d['img_path'][len(str(tmp_path)) + 1:],
              d['seg_map_path'][len(str(tmp_path)) + 1:]) for d in _infos(ds)]
    assert pairs == [('img/a.jpg', 'gt/a.png'), ('img/b.PNG', 'gt/b.bmp'),
                     ('img/notes.txt.png', 'gt/notes.txt.png'),
                     ('img/sub/c.bmp', 'gt/sub/c.png')]
    assert {d['subset'] for d in _infos(ds)} == {'TINY'}
    assert ds.metainfo['classes'] == ('background', 'salient')


def test_one_folder_of_images_and_masks_with_a_list(tmp_path):
    """MSRA-B: .jpg images and .png masks side by side, a split file of names."""
    for stem in ('0_1', '0_2', '0_3'):
        _save(tmp_path / 'MSRA-B' / f'{stem}.jpg', np.zeros((4, 4, 3), np.uint8))
        _save(tmp_path / 'MSRA-B' / f'{stem}.png', np.zeros((4, 4), np.uint8))
    (tmp_path / 'MSRA-B' / 'train.txt').write_text('0_3.jpg\n0_1.jpg\n')
    ds = _build(data_root=str(tmp_path), ann_file='MSRA-B/train.txt',
                img_suffix='.jpg', seg_map_suffix='.png',
                data_prefix=dict(img_path='MSRA-B', seg_map_path='MSRA-B'))
    assert [d['img_path'].rsplit('/', 1)[1] for d in _infos(ds)] == ['0_3.jpg',
                                                                        '0_1.jpg']
    assert [d['seg_map_path'].rsplit('/', 1)[1] for d in _infos(ds)] == [
        '0_3.png', '0_1.png']
    (tmp_path / 'MSRA-B' / 'train.txt').write_text('0_9.jpg\n')
    with pytest.raises(FileNotFoundError, match="lists '0_9' but .* has no such"):
        _build(data_root=str(tmp_path), ann_file='MSRA-B/train.txt',
               img_suffix='.jpg', seg_map_suffix='.png',
               data_prefix=dict(img_path='MSRA-B', seg_map_path='MSRA-B'))


def test_an_image_without_its_mask_is_named(tmp_path):
    _save(tmp_path / 'img' / 'a.jpg', np.zeros((4, 4, 3), np.uint8))
    _save(tmp_path / 'img' / 'b.jpg', np.zeros((4, 4, 3), np.uint8))
    _save(tmp_path / 'gt' / 'a.png', np.zeros((4, 4), np.uint8))
    with pytest.raises(MissingMaskError) as err:
        _build(data_root=str(tmp_path),
               data_prefix=dict(img_path='img', seg_map_path='gt'))
    message = str(err.value)
    assert '\n' not in message
    assert f'{tmp_path}/img/b.jpg has no mask' in message
    assert f'{tmp_path}/gt/b' in message and 'restore the mask' in message


def test_masks_are_binarised_above_128(tmp_path):
    values = np.array([[0, 1, 127, 128], [129, 200, 254, 255]], np.uint8)
    _save(tmp_path / 'grey.png', values)
    labels = _load_mask(tmp_path / 'grey.png')['gt_seg_map']
    assert labels.dtype == np.uint8
    np.testing.assert_array_equal(labels, [[0, 0, 0, 0], [1, 1, 1, 1]])
    # an RGB mask (white on black) and a palette one give the same labels
    mask = np.zeros((4, 6), np.uint8)
    mask[1:3, 2:5] = 255
    _save(tmp_path / 'rgb.png', np.repeat(mask[..., None], 3, 2))
    _save(tmp_path / 'palette.png', mask, mode='P')
    for name in ('rgb.png', 'palette.png'):
        np.testing.assert_array_equal(
            _load_mask(tmp_path / name)['gt_seg_map'], mask // 255)
    assert _load_mask(tmp_path / 'grey.png', threshold=200)['gt_seg_map'].sum() == 2
