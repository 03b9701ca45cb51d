"""Inputs paired with a ground-truth position map, for the position readout.

Every sample is an image and one map of ``position_maps`` (H, V, G, HS, VS) at the
same size. The map depends only on where a pixel is, never on the image, so a
readout can predict it only from position information in the encoder's features.

Inputs (``inputs``), any mix:

- ``natural``: photographs. By default the real photographs that scikit-image
  ships inside its package (``skimage.data``; no download), split by image:
  training ``TRAIN_IMAGES``, testing ``TEST_IMAGES`` (grey ones repeated to 3
  channels). Or every image of a folder (``image_dir``).
- ``black``, ``white``: constant images (0 / 255).
- ``noise``: uniform noise in [0, 255].

Training (``test_mode=False``) draws a random square crop (side 40-100% of the
image's shorter side) with a random horizontal flip, resized to ``size``; noise is
new each time (drawn from torch's seeded generator: a seeded run repeats them).
Testing is fixed: each photograph whole (squashed to a square) and its four corner
crops of 2/3 of the shorter side; 5 noise images seeded by index; black and white
5 times each (all alike).
"""
import os
import os.path as osp

import cv2
import numpy as np
import torch
from mmengine.dataset import BaseDataset
from mmengine.structures import BaseDataElement
from mmengine.registry import DATASETS

from ..utils.errors import DatasetNotFoundError
from .position_maps import position_map

TRAIN_IMAGES = ('astronaut', 'camera', 'chelsea', 'coffee', 'coins',
                'hubble_deep_field', 'immunohistochemistry', 'moon', 'rocket')
TEST_IMAGES = ('brick', 'clock', 'grass', 'gravel', 'retina')
INPUT_TYPES = ('natural', 'black', 'white', 'noise')
IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff')
TEST_VIEWS = 5  # whole image + 4 corner crops


def _rgb(image):
    return np.repeat(image[..., None], 3, 2) if image.ndim == 2 else image[..., :3]


def skimage_photographs(names):
    """The named ``skimage.data`` photographs as RGB uint8 arrays."""
    import skimage.data
    return [_rgb(getattr(skimage.data, name)()) for name in names]


def folder_images(folder):
    """Every image of ``folder`` (sorted by name) as RGB uint8 arrays."""
    fix = 'point --image-dir (image_dir) at a folder of photographs'
    if not osp.isdir(folder):
        raise DatasetNotFoundError(f'image folder {folder} not found; {fix}')
    names = sorted(n for n in os.listdir(folder)
                   if osp.splitext(n)[1].lower() in IMAGE_SUFFIXES)
    if not names:
        raise DatasetNotFoundError(f'no images ({", ".join(IMAGE_SUFFIXES)}) in '
                                   f'{folder}; {fix}')
    images = []
    for name in names:
        image = cv2.imread(osp.join(folder, name), cv2.IMREAD_COLOR)
        if image is None:
            raise DatasetNotFoundError(
                f'{osp.join(folder, name)} is damaged or not an image OpenCV can '
                'read; replace it, or move it out of the folder')
        images.append(image[..., ::-1])
    return images


@DATASETS.register_module()
class PositionMapDataset(BaseDataset):
    """Images (natural, black, white, noise) with one ground-truth position map.

    Args:
        gt (str): The map, one of ``position_maps.KINDS``.
        inputs (tuple[str]): Input types, from ``INPUT_TYPES``.
        size (int): Side of images and maps.
        image_dir (str, optional): Folder of photographs; default the
            ``skimage.data`` ones of the split.
        length (int): Samples per type per epoch in training.
        test_mode (bool): Fixed test views instead of random crops.
        **kwargs: Ignored keys of mmengine's ``BaseDataset`` interface
            (``pipeline``, ``serialize_data``, ...).

    Each item is ``dict(inputs=uint8 tensor (3, size, size), data_samples=...)``,
    the sample a ``BaseDataElement`` with ``gt_map`` (float tensor (1, size, size))
    and metainfo ``gt``, ``input_type`` and ``index``.
    """

    def __init__(self, gt='H', inputs=('natural', ), size=224, image_dir=None,
                 length=512, test_mode=False, **kwargs):
        unknown = [t for t in inputs if t not in INPUT_TYPES]
        if unknown:
            raise ValueError(f'unknown input type {unknown[0]!r}; valid: '
                             f'{", ".join(INPUT_TYPES)}')
        self.gt, self.inputs, self.size = gt, tuple(inputs), size
        self.image_dir, self.length = image_dir, length
        self.gt_map = torch.from_numpy(position_map(gt, size, size))[None]
        super().__init__(test_mode=test_mode, serialize_data=False, lazy_init=False)

    def load_data_list(self):
        """One entry per (input type, image view or draw)."""
        self.photos = []
        if 'natural' in self.inputs:
            self.photos = (folder_images(self.image_dir) if self.image_dir else
                           skimage_photographs(TEST_IMAGES if self.test_mode
                                               else TRAIN_IMAGES))
        data_list = []
        for input_type in self.inputs:
            count = self.length
            if self.test_mode:  # black and white: every view is the same image
                views = len(self.photos) if input_type == 'natural' else 1
                count = views * TEST_VIEWS
            data_list += [dict(input_type=input_type, index=i) for i in range(count)]
        return data_list

    def prepare_data(self, idx):
        info = self.get_data_info(idx)
        image = self._image(info['input_type'], info['index'])
        sample = BaseDataElement(gt_map=self.gt_map,
                                 metainfo=dict(gt=self.gt, **info))
        return dict(inputs=torch.from_numpy(np.ascontiguousarray(
            image.transpose(2, 0, 1))), data_samples=sample)

    def _image(self, input_type, index):
        size = self.size
        if input_type in ('black', 'white'):
            return np.full((size, size, 3), 0 if input_type == 'black' else 255,
                           np.uint8)
        # training draws follow torch's generator, which mmengine seeds (and the
        # DataLoader per worker): a seeded run draws the same crops again
        rng = np.random.default_rng([index] if self.test_mode
                                    else int(torch.randint(2 ** 31, ())))
        if input_type == 'noise':
            return rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
        if self.test_mode:
            photo = self.photos[index // TEST_VIEWS]
            crop = _test_view(photo, index % TEST_VIEWS)
        else:
            photo = self.photos[int(rng.integers(len(self.photos)))]
            crop = _random_crop(rng, photo)
        return cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA)


def _test_view(photo, view):
    """View 0: the whole photo; 1-4: its corner crops of 2/3 the shorter side."""
    if view == 0:
        return photo
    h, w = photo.shape[:2]
    side = 2 * min(h, w) // 3
    top = 0 if view in (1, 2) else h - side
    left = 0 if view in (1, 3) else w - side
    return photo[top:top + side, left:left + side]


def _random_crop(rng, photo):
    """A random square crop (40-100% of the shorter side), flipped half the time."""
    h, w = photo.shape[:2]
    side = max(1, int(min(h, w) * rng.uniform(0.4, 1.0)))
    top = int(rng.integers(h - side + 1))
    left = int(rng.integers(w - side + 1))
    crop = photo[top:top + side, left:left + side]
    return crop[:, ::-1] if rng.random() < 0.5 else crop
