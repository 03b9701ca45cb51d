"""The embedded semantic dataset: position-decided and appearance-decided classes."""
import json

import cv2
import numpy as np
import pytest
from mmseg.registry import DATASETS

from posseg.datasets import generate_synthetic_semantic, position_blind_miou
from posseg.datasets.synthetic_instances import DEFAULT_SYNTHESIS, render_image
from posseg.datasets.synthetic_semantic import CLASSES, label_map

SMALL = dict(num_train=6, num_val=40)


@pytest.mark.parametrize('index', range(30))
def test_a_disc_is_top_or_bottom_by_its_centre_the_rest_by_shape(index):
    size = DEFAULT_SYNTHESIS['image_size']
    _, instances = render_image(index, DEFAULT_SYNTHESIS)
    labels = label_map(instances, size)
    for shape, mask in instances:
        values = np.unique(labels[mask])
        assert len(values) == 1
        rows = np.flatnonzero(mask.any(1))
        centre = (rows[0] + rows[-1]) / 2
        want = {0: 'disc_top' if centre < (size - 1) / 2 else 'disc_bottom',
                1: 'square', 2: 'triangle'}[shape]
        assert CLASSES[values[0]] == want
    assert (labels == 0).sum() == size * size - sum(m.sum() for _, m in instances)


def test_generation_is_deterministic_and_counts_pixels(tmp_path):
    one, other = (generate_synthetic_semantic(str(tmp_path / n), **SMALL)
                  for n in ('a', 'b'))
    for split, first, count in (('train', 0, 6), ('val', 6, 40)):
        for i in range(first, first + count):
            name = f'{split}/{i:06d}.png'
            for folder in ('img_dir', 'ann_dir'):
                assert (tmp_path / 'a' / folder / name).read_bytes() == \
                    (tmp_path / 'b' / folder / name).read_bytes()
    meta = json.loads((tmp_path / 'a' / 'meta.json').read_text())
    labels = [cv2.imread(str(p), cv2.IMREAD_UNCHANGED)
              for p in sorted((tmp_path / 'a' / 'ann_dir' / 'val').glob('*.png'))]
    counts = np.bincount(np.concatenate([x.ravel() for x in labels]),
                         minlength=len(CLASSES))
    assert meta['pixels']['val'] == dict(zip(CLASSES, counts.tolist()))
    assert all(meta['pixels']['val'][c] > 0 for c in CLASSES)
    assert one == str(tmp_path / 'a')


def _miou(labels, predictions):
    """mmseg's dataset-level IoU: intersections and unions summed over images."""
    inter = np.zeros(len(CLASSES))
    union = np.zeros(len(CLASSES))
    for gt, pred in zip(labels, predictions):
        for c in range(len(CLASSES)):
            inter[c] += np.sum((gt == c) & (pred == c))
            union[c] += np.sum((gt == c) | (pred == c))
    return np.mean(inter / union)


def test_position_blind_bound_is_what_a_position_blind_labelling_scores(tmp_path):
    assert position_blind_miou(dict(disc_top=5, disc_bottom=5))['miou'] == \
        pytest.approx((3 + 2 / 3) / 5, abs=1e-6)
    root = generate_synthetic_semantic(str(tmp_path / 'd'), **SMALL)
    meta = json.loads((tmp_path / 'd' / 'meta.json').read_text())
    bound = position_blind_miou(meta['pixels']['val'])
    top, bottom = CLASSES.index('disc_top'), CLASSES.index('disc_bottom')
    labels, blind = [], []
    for path in sorted((tmp_path / 'd' / 'ann_dir' / 'val').glob('*.png')):
        gt = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
        pred = gt.copy()
        _, discs = cv2.connectedComponents(np.isin(gt, (top, bottom)).astype(np.uint8))
        for disc in range(1, discs.max() + 1):
            # the upper `share` of each disc's own pixels: the same wherever it is
            ys, xs = np.nonzero(discs == disc)  # row-major: upper rows first
            cut = int(round(bound['share'] * len(ys)))
            pred[ys[:cut], xs[:cut]] = top
            pred[ys[cut:], xs[cut:]] = bottom
        labels.append(gt)
        blind.append(pred)
    # a labelling that ignores where a disc is scores the bound (up to rounding the
    # share to whole pixels per disc)
    assert _miou(labels, blind) == pytest.approx(bound['miou'], abs=0.005)
    assert bound['miou'] < 0.75 and root


def test_dataset_loads_through_mmseg(tmp_path):
    root = str(tmp_path / 'syn') + '/'
    with DATASETS.switch_scope_and_registry('mmseg') as registry:
        ds = registry.build(dict(
            type='SyntheticSemanticDataset', data_root=root, synthesis=SMALL,
            data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'),
            pipeline=[dict(type='LoadImageFromFile'), dict(type='LoadAnnotations')]))
        sample = ds[0]
    assert len(ds) == 40 and ds.metainfo['classes'] == CLASSES
    assert sample['img'].shape == (128, 128, 3)
    assert sample['gt_seg_map'].shape == (128, 128)
    assert set(np.unique(sample['gt_seg_map'])) <= set(range(len(CLASSES)))
