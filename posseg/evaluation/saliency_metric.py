"""Salient-object-detection metrics for mmseg models, computed by PySODMetrics.

Every number comes from ``py_sod_metrics`` (pysodmetrics), the implementation the
field evaluates with; this module only feeds it each image and averages per image
as it does. Reported (all in [0, 1]; higher is better except MAE):

- ``MAE``: mean absolute error.
- ``maxF`` / ``meanF``: the maximum and the mean over 256 thresholds of the
  F-measure (beta^2 = 0.3) averaged over images; ``adpF``: at the adaptive
  threshold (twice the map's mean).
- ``Sm``: S-measure (alpha = 0.5).
- ``maxE`` / ``meanE`` / ``adpE``: E-measure, the same way.
- ``wF``: weighted F-measure (beta = 1, pysodmetrics' default).

The prediction is the model's saliency map at the mask's resolution: mmseg's
``postprocess_result`` resizes the logits bilinearly to the original image size
(undoing test-time resizing and padding) and then applies the sigmoid (one output
channel) or softmax (two classes; the salient class's probability is used). The
map in [0, 1] is written as an 8-bit map and scored as pysodmetrics scores a
saved PNG (``normalize=True``): rescaled per image to [0, 1] by its min and max
unless constant, as the field's MATLAB toolbox does. ``normalize=False`` scores
the probabilities as they are.

Degenerate cases are scored as pysodmetrics scores them: a constant map is not
rescaled (it stays p). On a mask with no salient pixel every F-measure and ``wF``
is 0 (precision has nothing to find), ``Sm`` is 1 minus the map's mean and ``MAE``
the map's mean; the log counts such masks per set.

``output_dir`` (``tools/test.py --out DIR``) saves every map as an 8-bit grey PNG,
``<output_dir>/[<subset>/]<image name>.png``, as saliency toolboxes read them.

Test sets evaluated together (a ``ConcatDataset`` of :class:`SaliencyDataset`
with ``subset`` names) are scored separately: ``<subset>/<metric>`` per set.

``border_distance=D`` also scores two groups of images apart: ``near_border/``,
whose salient pixels come within D pixels of the image's edge (0: touch it), and
``interior/``, the others (masks with no salient pixel are in neither). It tells
whether a padding variant loses on objects at the border, where padding acts.
"""
import os
import os.path as osp
from collections import OrderedDict, defaultdict

import cv2
import numpy as np
import py_sod_metrics as sod
from mmengine.evaluator import BaseMetric
from mmengine.logging import print_log
from mmseg.registry import METRICS

METRIC_NAMES = ('MAE', 'maxF', 'meanF', 'adpF', 'Sm', 'maxE', 'meanE', 'adpE', 'wF')


def score_image(pred, mask, normalize=True):
    """Score one saliency map with pysodmetrics.

    Args:
        pred (ndarray): (H, W) saliency in [0, 1].
        mask (ndarray): (H, W) ground truth, non-zero where salient.
        normalize (bool): Score ``pred`` as an 8-bit map (the field's protocol,
            see the module docstring) or as float probabilities.

    Returns:
        dict: ``MAE``, ``Sm``, ``wF``, ``adpF``, ``adpE`` (floats) and the 256-point
        curves ``F`` and ``E`` (ndarray).
    """
    if pred.shape != mask.shape:
        raise ValueError(f'saliency map {pred.shape} and mask {mask.shape} differ in '
                         'size; predictions must be resized to the mask first')
    if normalize:
        pred = np.round(np.clip(pred, 0, 1) * 255).astype(np.uint8)
        mask = np.where(mask > 0, 255, 0).astype(np.uint8)
    else:
        pred = np.clip(pred, 0, 1).astype(np.float64)
        mask = mask > 0
    fmeasure = sod.FmeasureV2(metric_handlers=dict(fm=sod.FmeasureHandler(
        with_dynamic=True, with_adaptive=True, beta=0.3)))
    measures = dict(mae=sod.MAE(), sm=sod.Smeasure(), em=sod.Emeasure(),
                    wfm=sod.WeightedFmeasure(), fm=fmeasure)
    for measure in measures.values():
        measure.step(pred, mask, normalize=normalize)
    fm = measures['fm'].get_results()['fm']
    em = measures['em'].get_results()['em']
    return dict(MAE=float(measures['mae'].get_results()['mae']),
                Sm=float(measures['sm'].get_results()['sm']),
                wF=float(measures['wfm'].get_results()['wfm']),
                adpF=float(fm['adaptive']), adpE=float(em['adp']),
                F=np.asarray(fm['dynamic'], np.float64),
                E=np.asarray(em['curve'], np.float64))


def summarize(scores):
    """Average per-image scores as pysodmetrics' ``get_results`` does.

    Args:
        scores (list[dict]): :func:`score_image` results.

    Returns:
        dict: The values of ``METRIC_NAMES``.
    """
    mean_f = np.mean([s['F'] for s in scores], axis=0)
    mean_e = np.mean([s['E'] for s in scores], axis=0)
    result = {name: float(np.mean([s[name] for s in scores]))
              for name in ('MAE', 'adpF', 'Sm', 'adpE', 'wF')}
    result.update(maxF=float(mean_f.max()), meanF=float(mean_f.mean()),
                  maxE=float(mean_e.max()), meanE=float(mean_e.mean()))
    return {name: result[name] for name in METRIC_NAMES}


def border_gap(mask):
    """Pixels between a mask's salient region and the nearest image edge.

    Args:
        mask (ndarray): (H, W) ground truth, non-zero where salient.

    Returns:
        int | None: 0 where the region touches the edge; None for an empty mask.
    """
    rows, cols = np.nonzero(mask)
    if not len(rows):
        return None
    height, width = mask.shape
    return int(min(rows.min(), cols.min(), height - 1 - rows.max(),
                   width - 1 - cols.max()))


@METRICS.register_module()
class SaliencyMetric(BaseMetric):
    """MAE, F-, S-, E- and weighted F-measure of saliency maps (pysodmetrics).

    Args:
        normalize (bool): Score maps as saved 8-bit maps, rescaled per image
            (True, the field's protocol) or the probabilities as they are.
        border_distance (int, optional): Also score the images whose salient
            object lies within this many pixels of the edge (``near_border/``)
            apart from the others (``interior/``).
        output_dir (str, optional): Folder to save the maps into.
        keep_results (bool): Accepted for mmseg's ``--out`` interface; saved maps
            are always kept.
        collect_device (str): As ``BaseMetric``.
        prefix (str, optional): As ``BaseMetric``.
    """

    default_prefix = None

    def __init__(self, normalize=True, border_distance=None, output_dir=None,
                 keep_results=True, collect_device='cpu', prefix=None):
        super().__init__(collect_device=collect_device, prefix=prefix)
        self.normalize = normalize
        self.border_distance = border_distance
        self.output_dir = output_dir

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            pred = saliency_map(sample['seg_logits']['data'])
            mask = sample['gt_sem_seg']['data'].squeeze(0).cpu().numpy()
            score = score_image(pred, mask, self.normalize)
            if self.output_dir:
                self._save(pred, sample)
            score.update(subset=sample.get('subset'), border_gap=border_gap(mask))
            self.results.append(score)

    def _save(self, pred, sample):
        folder = osp.join(self.output_dir, sample.get('subset') or '')
        os.makedirs(folder, exist_ok=True)
        name = osp.splitext(osp.basename(sample['img_path']))[0] + '.png'
        cv2.imwrite(osp.join(folder, name),
                    np.round(np.clip(pred, 0, 1) * 255).astype(np.uint8))

    def compute_metrics(self, results):
        subsets = defaultdict(list)
        for score in results:
            subsets[score['subset']].append(score)
        metrics = OrderedDict()
        for subset, scores in subsets.items():
            prefix = '' if subset is None else f'{subset}/'
            for group, members in self._groups(scores, prefix).items():
                for name, value in summarize(members).items():
                    metrics[prefix + group + name] = round(value, 4)
            empty = sum(s['border_gap'] is None for s in scores)
            if empty:
                print_log(f'{prefix or "saliency: "}{empty} of {len(scores)} masks '
                          'have no salient pixel (F-measures and wF score 0 on them)',
                          logger='current')
        return metrics

    def _groups(self, scores, prefix):
        """All images ('') and, with ``border_distance``, the two border groups."""
        groups = {'': scores}
        if self.border_distance is None:
            return groups
        by_gap = defaultdict(list)
        for score in scores:
            if score['border_gap'] is not None:  # an empty mask is in neither
                near = score['border_gap'] <= self.border_distance
                by_gap['near_border/' if near else 'interior/'].append(score)
        for group in ('near_border/', 'interior/'):
            print_log(f'{prefix}{group} {len(by_gap[group])} of {len(scores)} images '
                      f'(border_distance={self.border_distance} px)',
                      logger='current')
            if by_gap[group]:
                groups[group] = by_gap[group]
        return groups


def saliency_map(logits):
    """The salient class's probability from mmseg's ``seg_logits`` (C, H, W).

    One channel: mmseg has applied the sigmoid already. Two: softmax, channel 1.
    """
    if logits.shape[0] == 1:
        return logits[0].float().cpu().numpy()
    if logits.shape[0] == 2:
        return logits.float().softmax(0)[1].cpu().numpy()
    raise ValueError(f'a saliency model outputs 1 channel (sigmoid) or 2 classes, '
                     f'not {logits.shape[0]}; set decode_head.out_channels=1')
