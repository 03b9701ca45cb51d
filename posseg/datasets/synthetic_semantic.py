"""Embedded semantic-segmentation data where some classes are decided by position.

The images are those of ``synthetic_instances`` (one colour and size per image;
discs, squares and triangles), labelled per pixel with five classes:

- ``disc_top`` / ``disc_bottom``: a disc whose centre lies above / on or below the
  horizontal midline. The same shape and colour is one class or the other by where
  it is: **position-decided**.
- ``square``, ``triangle``: decided by shape wherever they are: **appearance-decided**,
  the control.
- ``background``.

A model that cannot see absolute position labels a disc the same wherever it lies;
:func:`position_blind_miou` gives the best mIoU such a model can reach on a split.
Horizontal flips keep every label; a vertical flip would swap the disc classes.
"""
import json
import os
import os.path as osp

import cv2
import numpy as np
from mmengine.logging import print_log
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from .generated_folder import check_data_folder, ensure_generated
from .synthetic_instances import render_image, synthesis_spec

NAME = 'synthetic_semantic'
CLASSES = ('background', 'disc_top', 'disc_bottom', 'square', 'triangle')
POSITION_CLASSES = ('disc_top', 'disc_bottom')
APPEARANCE_CLASSES = ('square', 'triangle')
GENERATOR_VERSION = 1
SPLITS = ('train', 'val')


def label_map(instances, image_size):
    """The per-pixel labels (H, W) uint8 of ``render_image``'s instances.

    Args:
        instances (list): ``(shape, mask)`` with shape 0 disc, 1 square, 2 triangle.
        image_size (int): The image's side.

    Returns:
        ndarray: Class indices into ``CLASSES``.
    """
    labels = np.zeros((image_size, image_size), np.uint8)
    for shape, mask in instances:
        if shape == 0:
            rows = np.flatnonzero(mask.any(1))
            top = (rows[0] + rows[-1]) / 2 < (image_size - 1) / 2
            cls = CLASSES.index('disc_top' if top else 'disc_bottom')
        else:
            cls = CLASSES.index(('square', 'triangle')[shape - 1])
        labels[mask] = cls
    return labels


def _write_split(root, split, first_index, count, spec):
    """Write images and label maps; return the split's pixel count per class."""
    for folder in ('img_dir', 'ann_dir'):
        os.makedirs(osp.join(root, folder, split))
    counts = np.zeros(len(CLASSES), np.int64)
    for index in range(first_index, first_index + count):
        image, instances = render_image(index, spec)
        labels = label_map(instances, spec['image_size'])
        counts += np.bincount(labels.ravel(), minlength=len(CLASSES))
        name = f'{index:06d}.png'
        cv2.imwrite(osp.join(root, 'img_dir', split, name), image)
        cv2.imwrite(osp.join(root, 'ann_dir', split, name), labels)
    return dict(zip(CLASSES, counts.tolist()))


def generate_synthetic_semantic(root, **synthesis):
    """Write the dataset to ``root`` unless it is there with the same parameters.

    Only into a new or empty folder, or one posseg wrote (see ``generated_folder``);
    safe to call from several processes at once.

    Args:
        root (str): Output folder, e.g. ``data/synthetic_semantic``.
        **synthesis: Overrides of ``synthetic_instances.DEFAULT_SYNTHESIS``.

    Returns:
        str: ``root``.
    """
    spec = synthesis_spec(synthesis)
    meta = dict(generator_version=GENERATOR_VERSION, classes=list(CLASSES), **spec)

    def write(folder):
        print_log(f'generating synthetic semantic labels in {root} '
                  f"({spec['num_train']} train + {spec['num_val']} val images)",
                  logger='current')
        pixels = dict(
            train=_write_split(folder, 'train', 0, spec['num_train'], spec),
            val=_write_split(folder, 'val', spec['num_train'], spec['num_val'], spec))
        with open(osp.join(folder, 'meta.json'), 'w') as f:
            json.dump(dict(meta, pixels=pixels), f, indent=1)

    return ensure_generated(root, NAME, meta, write)


def position_blind_miou(pixels):
    """The best mIoU of a model that labels a disc the same wherever it lies.

    Such a model can give each disc's pixels to ``disc_top`` and ``disc_bottom``
    only in a share ``f`` that does not depend on the disc's position. With ``T`` and
    ``B`` the split's top and bottom disc pixels, IoU(top) = fT / (T + fB) and
    IoU(bottom) = (1 - f)B / (B + (1 - f)T), IoU computed over the split as mmseg's
    ``IoUMetric`` does; every other class is taken as perfect (IoU 1). ``f`` is
    chosen to maximise the mean (1/2 when ``T = B``: 1/3 each).

    Args:
        pixels (dict): Pixel count per class of the split (``meta.json``'s
            ``pixels[split]``).

    Returns:
        dict: ``miou``, ``share`` (the best ``f``) and ``iou`` per class.
    """
    top, bottom = (float(pixels[c]) for c in POSITION_CLASSES)
    shares = np.linspace(0, 1, 100001)
    top_iou = shares * top / (top + shares * bottom)
    bottom_iou = (1 - shares) * bottom / (bottom + (1 - shares) * top)
    best = int(np.argmax(top_iou + bottom_iou))
    iou = {c: 1.0 for c in CLASSES}
    iou.update(disc_top=float(top_iou[best]), disc_bottom=float(bottom_iou[best]))
    return dict(miou=float(np.mean(list(iou.values()))), share=float(shares[best]),
                iou=iou)


@DATASETS.register_module()
class SyntheticSemanticDataset(BaseSegDataset):
    """mmseg ``BaseSegDataset`` over the embedded data, generated on first use.

    Layout: ``img_dir/{train,val}/*.png`` and ``ann_dir/{train,val}/*.png``.

    Args:
        synthesis (dict, optional): Overrides of the generator's parameters; use the
            same value for the train and val datasets of a config.
        **kwargs: Passed to ``BaseSegDataset`` (``data_root``, ``data_prefix``,
            ``pipeline``, ...).
    """

    METAINFO = dict(classes=CLASSES,
                    palette=[(0, 0, 0), (220, 20, 60), (0, 128, 255),
                             (60, 180, 75), (255, 200, 0)])

    @staticmethod
    def check_data_root(data_root):
        """Raise ``DataFolderError`` unless the data may be generated in
        ``data_root`` (the tools check it before a run starts)."""
        check_data_folder(data_root, NAME)

    def __init__(self, synthesis=None, **kwargs):
        generate_synthetic_semantic(kwargs['data_root'], **(synthesis or {}))
        kwargs.setdefault('img_suffix', '.png')
        kwargs.setdefault('seg_map_suffix', '.png')
        super().__init__(**kwargs)
