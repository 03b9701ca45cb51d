"""The embedded instance dataset: deterministic, COCO-readable, position-only."""
import json
import re

import numpy as np
import pytest
from mmdet.registry import DATASETS
from pycocotools.coco import COCO

from posseg.datasets.synthetic_instances import (CLASSES, DEFAULT_SYNTHESIS,
                                                 SynthesisError,
                                                 generate_synthetic_instances,
                                                 render_image)

SMALL = dict(num_train=6, num_val=3)


def test_rendering_is_deterministic_and_seeded():
    a, inst_a = render_image(5, DEFAULT_SYNTHESIS)
    b, inst_b = render_image(5, DEFAULT_SYNTHESIS)
    c, _ = render_image(5, dict(DEFAULT_SYNTHESIS, seed=1))
    assert np.array_equal(a, b) and len(inst_a) == len(inst_b)
    assert not np.array_equal(a, c)


@pytest.mark.parametrize('index', range(20))
def test_objects_of_a_class_are_identical_and_disjoint(index):
    image, instances = render_image(index, DEFAULT_SYNTHESIS)
    spec = DEFAULT_SYNTHESIS
    assert spec['min_objects'] <= len(instances) <= spec['max_objects']
    union = np.zeros(image.shape[:2], int)
    crops = {}
    for cls, mask in instances:
        union += mask
        ys, xs = np.nonzero(mask)
        crop = mask[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        # same class -> the same shape at the same size: only position differs
        assert np.array_equal(crops.setdefault(cls, crop), crop)
    assert union.max() == 1


def test_generation_writes_coco_json_and_is_reused(tmp_path):
    root = str(tmp_path / 'syn')
    generate_synthetic_instances(root, **SMALL)
    coco = COCO(f'{root}/annotations/instances_train.json')
    assert len(coco.imgs) == 6
    assert [c['name'] for c in coco.loadCats(coco.getCatIds())] == list(CLASSES)
    ann = coco.loadAnns(coco.getAnnIds())[0]
    assert coco.annToMask(ann).sum() == ann['area'] > 0
    with open(f'{root}/annotations/instances_val.json') as f:
        val_ids = {im['id'] for im in json.load(f)['images']}
    assert val_ids.isdisjoint(coco.imgs)

    stamp = (tmp_path / 'syn' / 'meta.json').stat().st_mtime_ns
    generate_synthetic_instances(root, **SMALL)  # same parameters: untouched
    assert (tmp_path / 'syn' / 'meta.json').stat().st_mtime_ns == stamp
    generate_synthetic_instances(root, num_train=2, num_val=1)  # changed: redone
    assert len(COCO(f'{root}/annotations/instances_train.json').imgs) == 2


def test_unknown_synthesis_parameter_is_named(tmp_path):
    with pytest.raises(ValueError, match="unknown synthesis parameters.*'sizes'"):
        generate_synthetic_instances(str(tmp_path / 'x'), sizes=3)


@pytest.mark.parametrize('synthesis, expected', [
    (dict(min_objects=0), 'min_objects=0; it takes a whole number of 1 or more'),
    (dict(min_objects=4, max_objects=3), 'max_objects=3; it takes a whole number '
     'of 4 or more'),
    (dict(max_size=40, image_size=32), 'image_size=32; it takes a whole number of '
     '40 or more'),
    (dict(num_val=2.5), 'num_val=2.5; it takes a whole number'),
])
def test_parameters_that_make_no_data_are_refused(tmp_path, synthesis, expected):
    with pytest.raises(SynthesisError, match=re.escape(expected)):
        generate_synthetic_instances(str(tmp_path / 'x'), **synthesis)
    assert not (tmp_path / 'x').exists()


def test_dataset_builds_from_the_mmdet_registry(tmp_path):
    root = str(tmp_path / 'syn') + '/'
    with DATASETS.switch_scope_and_registry('mmdet') as registry:
        ds = registry.build(dict(
            type='SyntheticInstanceDataset', data_root=root, synthesis=SMALL,
            ann_file='annotations/instances_val.json', data_prefix=dict(img='val/'),
            pipeline=[dict(type='LoadImageFromFile'),
                      dict(type='LoadAnnotations', with_bbox=True, with_mask=True)]))
        sample = ds[0]
    assert len(ds) == 3 and ds.metainfo['classes'] == CLASSES
    assert sample['img'].shape == (128, 128, 3)
    assert len(sample['gt_masks']) == len(sample['gt_bboxes_labels']) >= 2
