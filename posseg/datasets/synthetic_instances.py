"""Embedded instance-segmentation data where instances differ only by position.

Every image holds several objects of one colour and one size; objects of the same
class are pixel-identical, so a model can only tell two of them apart by *where*
they are (exactly what SOLO's location categories and CoordConv are about).
The generator is deterministic (seeded per image) and writes COCO-format JSON with
RLE instance masks, so mmdet's ``CocoDataset`` and ``CocoMetric`` read it as is.
"""
import json
import os
import os.path as osp

import cv2
import numpy as np
from mmdet.datasets import CocoDataset
from mmdet.registry import DATASETS
from mmengine.logging import print_log
from pycocotools import mask as mask_utils

from ..utils.errors import PossegError
from .generated_folder import check_data_folder, ensure_generated

NAME = 'synthetic_instances'
CLASSES = ('disc', 'square', 'triangle')
GENERATOR_VERSION = 1
DEFAULT_SYNTHESIS = dict(
    num_train=400, num_val=100, image_size=128, min_objects=2, max_objects=5,
    min_size=14, max_size=30, seed=0)


def shape_mask(cls, size):
    """Binary ``size x size`` mask of one object class (disc, square, triangle)."""
    canvas = np.zeros((size, size), np.uint8)
    if cls == 0:
        r = (size - 1) / 2
        cv2.circle(canvas, (int(round(r)), int(round(r))), int(round(r)), 1, -1)
    elif cls == 1:
        canvas[:] = 1
    else:
        pts = np.array([[size // 2, 0], [0, size - 1], [size - 1, size - 1]])
        cv2.fillPoly(canvas, [pts.astype(np.int32)], 1)
    return canvas.astype(bool)


def place_objects(rng, spec):
    """Sample non-overlapping square boxes (x, y, size) with a 2-pixel gap."""
    size = int(rng.integers(spec['min_size'], spec['max_size'] + 1))
    n = int(rng.integers(spec['min_objects'], spec['max_objects'] + 1))
    boxes = []
    for _ in range(200):
        if len(boxes) == n:
            break
        x, y = rng.integers(0, spec['image_size'] - size + 1, size=2)
        if all(x + size + 2 <= bx or bx + size + 2 <= x or y + size + 2 <= by
               or by + size + 2 <= y for bx, by in boxes):
            boxes.append((int(x), int(y)))
    return size, boxes


def render_image(index, spec):
    """Render one image and its instances.

    Args:
        index (int): Global image index; with ``spec['seed']`` it fixes the image.
        spec (dict): Synthesis parameters (see ``DEFAULT_SYNTHESIS``).

    Returns:
        tuple: ``(image, instances)``; ``image`` is HxWx3 uint8 (BGR) and
        ``instances`` a list of ``(class_index, bool mask)``.
    """
    rng = np.random.default_rng([spec['seed'], index])
    s = spec['image_size']
    background = rng.uniform(40, 215, size=3)
    image = np.broadcast_to(background, (s, s, 3)).copy()
    colour = rng.uniform(0, 255, size=3)
    while np.abs(colour - background).max() < 60:
        colour = rng.uniform(0, 255, size=3)
    size, boxes = place_objects(rng, spec)
    instances = []
    for x, y in boxes:
        cls = int(rng.integers(len(CLASSES)))
        mask = np.zeros((s, s), bool)
        mask[y:y + size, x:x + size] = shape_mask(cls, size)
        image[mask] = colour
        instances.append((cls, mask))
    image += rng.normal(0, 8, size=image.shape)
    return np.clip(image, 0, 255).astype(np.uint8), instances


def _coco_annotation(ann_id, image_id, cls, mask):
    rle = mask_utils.encode(np.asfortranarray(mask.astype(np.uint8)))
    x, y, w, h = (float(v) for v in mask_utils.toBbox(rle))
    return dict(id=ann_id, image_id=image_id, category_id=cls + 1,
                segmentation=dict(size=rle['size'], counts=rle['counts'].decode()),
                area=float(mask_utils.area(rle)), bbox=[x, y, w, h], iscrowd=0)


def _write_split(root, split, first_index, count, spec):
    os.makedirs(osp.join(root, split))
    images, annotations = [], []
    for i in range(count):
        index = first_index + i
        image, instances = render_image(index, spec)
        name = f'{index:06d}.png'
        cv2.imwrite(osp.join(root, split, name), image)
        images.append(dict(id=index, file_name=name, height=image.shape[0],
                           width=image.shape[1]))
        for cls, mask in instances:
            annotations.append(_coco_annotation(len(annotations) + 1, index, cls, mask))
    categories = [dict(id=i + 1, name=n) for i, n in enumerate(CLASSES)]
    with open(osp.join(root, 'annotations', f'instances_{split}.json'), 'w') as f:
        json.dump(dict(images=images, annotations=annotations,
                       categories=categories), f)


class SynthesisError(PossegError, ValueError):
    """Synthesis parameters that cannot make a dataset."""


def check_synthesis(spec, at_least):
    """Refuse parameters below their minimum (e.g. ``num_train=0``: an empty split).

    Args:
        spec (dict): Synthesis parameters.
        at_least (dict): Parameter name -> the smallest value it takes.

    Raises:
        SynthesisError: One line naming the parameter and its minimum.
    """
    for name, minimum in at_least.items():
        value = spec[name]
        if type(value) is not int or value < minimum:
            raise SynthesisError(f'synthesis parameter {name}={value!r}; it takes a '
                                 f'whole number of {minimum} or more')


def synthesis_spec(synthesis):
    """``DEFAULT_SYNTHESIS`` with ``synthesis`` applied.

    Raises:
        SynthesisError: Naming unknown parameters and the valid ones, or a value
            that cannot make the data.
    """
    spec = dict(DEFAULT_SYNTHESIS, **synthesis)
    unknown = set(spec) - set(DEFAULT_SYNTHESIS)
    if unknown:
        raise SynthesisError(f'unknown synthesis parameters {sorted(unknown)}; '
                             f'valid: {sorted(DEFAULT_SYNTHESIS)}')
    check_synthesis(spec, dict(num_train=1, num_val=1, min_objects=1, min_size=1,
                               max_objects=spec['min_objects'],
                               max_size=spec['min_size'],
                               image_size=spec['max_size']))
    return spec


def generate_synthetic_instances(root, **synthesis):
    """Write the dataset to ``root`` unless it is there with the same parameters.

    Only into a new or empty folder, or one posseg wrote (see ``generated_folder``);
    safe to call from several processes at once.

    Args:
        root (str): Output folder, e.g. ``data/synthetic_instances``.
        **synthesis: Overrides of ``DEFAULT_SYNTHESIS``.

    Returns:
        str: ``root``.
    """
    spec = synthesis_spec(synthesis)
    meta = dict(generator_version=GENERATOR_VERSION, classes=list(CLASSES), **spec)

    def write(folder):
        print_log(f'generating synthetic instances in {root} '
                  f"({spec['num_train']} train + {spec['num_val']} val images)",
                  logger='current')
        os.makedirs(osp.join(folder, 'annotations'))
        _write_split(folder, 'train', 0, spec['num_train'], spec)
        _write_split(folder, 'val', spec['num_train'], spec['num_val'], spec)
        with open(osp.join(folder, 'meta.json'), 'w') as f:
            json.dump(meta, f, indent=1)

    return ensure_generated(root, NAME, meta, write)


@DATASETS.register_module()
class SyntheticInstanceDataset(CocoDataset):
    """mmdet ``CocoDataset`` over the embedded data, generated on first use.

    Args:
        synthesis (dict, optional): Overrides of ``DEFAULT_SYNTHESIS``; use the same
            value for the train and val datasets of a config.
        **kwargs: Passed to ``CocoDataset`` (``data_root``, ``ann_file``, ...).
    """

    METAINFO = dict(classes=CLASSES,
                    palette=[(220, 20, 60), (0, 128, 255), (60, 180, 75)])

    @staticmethod
    def check_data_root(data_root):
        """Raise ``DataFolderError`` unless the data may be generated in
        ``data_root`` (the tools check it before a run starts)."""
        check_data_folder(data_root, NAME)

    def __init__(self, synthesis=None, **kwargs):
        generate_synthetic_instances(kwargs['data_root'], **(synthesis or {}))
        super().__init__(**kwargs)
