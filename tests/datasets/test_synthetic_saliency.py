"""The embedded saliency data: one salient object, distractors, a centre bias."""
import json

import cv2
import numpy as np
import pytest
from mmengine.registry import DefaultScope
from mmseg.registry import DATASETS

from posseg.datasets import generate_synthetic_saliency, position_only_scores
from posseg.datasets.synthetic_saliency import render_image, synthesis_spec


def _centre_offsets(center_sigma, n=200):
    """Distance of each salient object's centre from the image centre / side."""
    spec = synthesis_spec(dict(center_sigma=center_sigma))
    size = spec['image_size']
    offsets = []
    for index in range(n):
        _, mask = render_image(index, spec)
        yy, xx = np.nonzero(mask)
        offsets.append(np.hypot(xx.mean() - (size - 1) / 2, yy.mean() - (size - 1) / 2))
    return np.array(offsets) / size


def test_centre_bias_is_a_parameter():
    biased, uniform = _centre_offsets(0.12), _centre_offsets(None)
    # sigma 0.12 per axis: median radius 0.12 * sqrt(2 ln 2) = 0.14 of the side
    assert np.median(biased) == pytest.approx(0.14, abs=0.02)
    # uniform over the free area: far more objects away from the centre
    assert np.median(uniform) > np.median(biased) + 0.07
    assert (uniform > 0.25).mean() > 3 * (biased > 0.25).mean()


@pytest.mark.parametrize('index', range(20))
def test_one_salient_object_drawn_over_the_rest(index):
    spec = synthesis_spec({})
    image, mask = render_image(index, spec)
    assert image.shape == (128, 128, 3) and image.dtype == np.uint8
    assert 0.005 < mask.mean() < 0.5
    n_labels, _ = cv2.connectedComponents(mask.astype(np.uint8))
    assert n_labels == 2  # background and one object, never cut by a distractor
    # the salient object stands out from what surrounds it
    ring = cv2.dilate(mask.astype(np.uint8), np.ones((7, 7), np.uint8)).astype(bool)
    ring &= ~mask
    inside, around = image[mask].mean(0), image[ring].mean(0)
    assert np.linalg.norm(inside.astype(float) - around) > 20


def test_generation_is_deterministic_and_the_bias_only_moves_the_object(tmp_path):
    small = dict(num_train=3, num_val=2)
    for name in ('a', 'b'):
        generate_synthetic_saliency(str(tmp_path / name), **small)
    generate_synthetic_saliency(str(tmp_path / 'u'), center_sigma=None, **small)
    for i in range(3):
        for folder in ('img_dir', 'ann_dir'):
            path = f'{folder}/train/{i:06d}.png'
            assert (tmp_path / 'a' / path).read_bytes() == \
                (tmp_path / 'b' / path).read_bytes()
        mask = cv2.imread(str(tmp_path / 'a' / f'ann_dir/train/{i:06d}.png'),
                          cv2.IMREAD_UNCHANGED)
        assert set(np.unique(mask)) == {0, 255}
    meta = json.loads((tmp_path / 'u' / 'meta.json').read_text())
    assert meta['center_sigma'] is None and meta['num_val'] == 2
    assert set(meta['stats']['val']) == {'salient_share', 'mean_centre_offset'}


def test_dataset_generates_on_first_use_and_rejects_unknown_parameters(tmp_path):
    cfg = dict(type='SyntheticSaliencyDataset', data_root=str(tmp_path / 'd'),
               synthesis=dict(num_train=2, num_val=1),
               data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'))
    with DefaultScope.overwrite_default_scope('mmseg'):
        ds = DATASETS.build(cfg)
        assert len(ds) == 1 and ds.get_data_info(0)['img_path'].endswith('000002.png')
        with pytest.raises(ValueError, match="unknown synthesis parameter 'bias'"):
            DATASETS.build(dict(cfg, synthesis=dict(bias=0.1)))
        with pytest.raises(ValueError, match='center_sigma must be positive'):
            DATASETS.build(dict(cfg, synthesis=dict(center_sigma=0)))
        with pytest.raises(ValueError, match="wrap takes True or False, got 'yes'"):
            DATASETS.build(dict(cfg, synthesis=dict(wrap='yes')))


def test_position_only_map_is_the_mean_training_mask(tmp_path):
    left = np.zeros((8, 8), np.uint8)
    left[:, :4] = 255
    for split, masks in (('train', [left, left]), ('val', [left])):
        (tmp_path / 'ann_dir' / split).mkdir(parents=True)
        for i, mask in enumerate(masks):
            cv2.imwrite(str(tmp_path / 'ann_dir' / split / f'{i}.png'), mask)
    scores = position_only_scores(str(tmp_path))
    assert scores['position']['maxF'] == pytest.approx(1.0)
    assert scores['position']['MAE'] == 0
    assert scores['constant']['MAE'] == pytest.approx(0.5, abs=0.01)


def test_both_settings_leave_position_a_cue_the_bias_a_stronger_one(tmp_path):
    small = dict(num_train=120, num_val=40, image_size=64)
    maxf = {}
    for sigma in (0.12, None):
        root = str(tmp_path / str(sigma))
        generate_synthetic_saliency(root, center_sigma=sigma, **small)
        scores = position_only_scores(root)
        maxf[sigma] = scores['position']['maxF']
        # an object always fits in the image: its edge is rarely salient
        assert maxf[sigma] > scores['constant']['maxF'] + 0.05
    assert maxf[0.12] > maxf[None] + 0.05



def _seam_ratio(image):
    """How much the image jumps from its last column / row to its first, against
    how much it changes between neighbouring ones."""
    image = image.astype(float)
    seam = (np.abs(image[:, -1] - image[:, 0]).mean()
            + np.abs(image[-1] - image[0]).mean())
    step = (np.abs(np.diff(image, axis=1)).mean()
            + np.abs(np.diff(image, axis=0)).mean())
    return seam / step


def test_wrapped_images_tile_the_plane():
    torus = synthesis_spec(dict(center_sigma=None, wrap=True))
    flat = synthesis_spec(dict(center_sigma=None))
    images = range(20)
    # the periodic background has no seam at the edge; the cubic one does
    assert np.median([_seam_ratio(render_image(i, torus)[0]) for i in images]) < 1.2
    assert np.median([_seam_ratio(render_image(i, flat)[0]) for i in images]) > 2
    crossing = 0
    for index in images:
        _, mask = render_image(index, torus)
        crossing += bool(mask[:, 0].any() and mask[:, -1].any()
                         or mask[0].any() and mask[-1].any())
        # one object on the torus: whole again once rolled away from the edge
        for shift in ((0, 0), (64, 0), (0, 64), (64, 64)):
            rolled = np.roll(mask, shift, axis=(0, 1))
            if not (rolled[:, 0].any() or rolled[0].any()):
                break
        n_labels, _ = cv2.connectedComponents(rolled.astype(np.uint8))
        assert n_labels == 2, index
    assert crossing >= 3  # objects do cross the edge


def test_on_the_torus_position_tells_nothing(tmp_path):
    root = str(tmp_path / 'torus')
    generate_synthetic_saliency(root, num_train=120, num_val=40, image_size=64,
                                center_sigma=None, wrap=True)
    masks = np.array([cv2.imread(str(path), cv2.IMREAD_GRAYSCALE) > 0 for path in
                      sorted((tmp_path / 'torus' / 'ann_dir' / 'train').iterdir())])
    edge = np.ones((64, 64), bool)
    edge[4:-4, 4:-4] = False
    centre = np.zeros((64, 64), bool)
    centre[24:40, 24:40] = True
    # the edge is as often salient as the middle (bias off, no wrap: 0.4% vs 25%)
    assert 0.7 < masks[:, edge].mean() / masks[:, centre].mean() < 1.4
    # what position alone scores: within noise of a constant map (the other
    # settings: more than 0.05 above it, test above)
    scores = position_only_scores(root)
    assert scores['position']['maxF'] < scores['constant']['maxF'] + 0.05
    meta = json.loads((tmp_path / 'torus' / 'meta.json').read_text())
    # centres uniform on the torus: mean distance to the middle 0.383 of the side
    assert meta['stats']['train']['mean_centre_offset'] == pytest.approx(0.383,
                                                                         abs=0.04)
