"""Salient-object-detection datasets (DUTS, ECSSD, PASCAL-S, DUT-OMRON, HKU-IS, ...).

These sets ship images and 0/255 masks in sibling folders, usually ``.jpg`` images
and ``.png`` masks with the same stem (data/README.md lists each layout). A mask is
matched to its image by stem among ``seg_map_suffix``; an image without one stops
the run naming the image and where its mask was looked for. Masks are binarised by
:class:`LoadSaliencyMask` (salient where the grey value is above 128), so labels
are 0 and 1 and mmseg's ignore index 255 never appears.
"""
import os
import os.path as osp

from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS

from ..utils.errors import PossegError

IMAGE_SUFFIXES = ('.jpg', '.jpeg', '.png', '.bmp')
MASK_SUFFIXES = ('.png', '.bmp', '.jpg', '.jpeg')


class MissingMaskError(PossegError, FileNotFoundError):
    """An image of a saliency dataset has no mask."""


def _files_by_stem(folder, suffixes):
    """Map stem (relative path without extension) -> file path, for ``suffixes``."""
    files = {}
    for parent, _, names in os.walk(folder, followlinks=True):
        for name in sorted(names):
            stem, ext = osp.splitext(name)
            if ext.lower() in suffixes:
                rel = osp.relpath(osp.join(parent, stem), folder)
                files.setdefault(rel, osp.join(parent, name))
    return files


@DATASETS.register_module()
class SaliencyDataset(BaseSegDataset):
    """Images and binary saliency masks, for mmseg.

    Classes: ``background`` (0) and ``salient`` (1). Use with
    :class:`LoadSaliencyMask` in the pipeline (not mmseg's ``LoadAnnotations``,
    which would read an antialiased mask's grey values as class indices).

    Args:
        subset (str, optional): The set's name (``'ECSSD'``); the metric reports
            ``<subset>/<metric>`` when several sets are tested together. Add
            ``'subset'`` to ``PackSegInputs``' ``meta_keys`` to pass it on.
        img_suffix (str | tuple[str]): Image extensions (case-insensitive).
        seg_map_suffix (str | tuple[str]): Mask extensions, tried in order.
        **kwargs: As ``BaseSegDataset`` (``data_root``, ``data_prefix``,
            ``ann_file`` listing image names one per line, ``pipeline``, ...).
    """

    METAINFO = dict(classes=('background', 'salient'),
                    palette=[(0, 0, 0), (255, 255, 255)])

    def __init__(self, subset=None, img_suffix=IMAGE_SUFFIXES,
                 seg_map_suffix=MASK_SUFFIXES, **kwargs):
        self.subset = subset
        as_tuple = (lambda s: tuple(x.lower() for x in ((s, ) if isinstance(s, str)
                                                          else s)))
        super().__init__(img_suffix=as_tuple(img_suffix),
                         seg_map_suffix=as_tuple(seg_map_suffix), **kwargs)

    def load_data_list(self):
        """Pair every image with its mask by stem.

        Returns:
            list[dict]: ``img_path``, ``seg_map_path``, ``subset`` and mmseg's keys.
        """
        img_dir = self.data_prefix.get('img_path', '')
        ann_dir = self.data_prefix.get('seg_map_path', '')
        images = _files_by_stem(img_dir, self.img_suffix)
        masks = _files_by_stem(ann_dir, self.seg_map_suffix)
        if self.ann_file:
            with open(self.ann_file) as f:
                names = [line.strip() for line in f if line.strip()]
            stems = [osp.splitext(n)[0] if osp.splitext(n)[1].lower()
                     in self.img_suffix else n for n in names]
            absent = [s for s in stems if s not in images]
            if absent:
                raise FileNotFoundError(
                    f'{self.ann_file} lists {absent[0]!r} but {img_dir} has no such '
                    f'image ({"/".join(self.img_suffix)}); fix the list or the folder')
        else:
            stems = sorted(images)
        data_list = []
        for stem in stems:
            if stem not in masks:
                raise MissingMaskError(
                    f'{images[stem]} has no mask: looked for '
                    f'{osp.join(ann_dir, stem)}{{{",".join(self.seg_map_suffix)}}}; '
                    'restore the mask or remove the image')
            data_list.append(dict(
                img_path=images[stem], seg_map_path=masks[stem], subset=self.subset,
                label_map=self.label_map, reduce_zero_label=self.reduce_zero_label,
                seg_fields=[]))
        return data_list
