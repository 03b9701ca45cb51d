"""How well predicted position maps match the ground truth: SPC and MAE per image.

- ``SPC``: Spearman's rank correlation between the predicted and the ground-truth
  map over all pixels of an image (``scipy.stats.spearmanr``), averaged over images.
- ``MAE``: mean absolute difference, per image, averaged.

A constant prediction (or ground truth) has no rank order, so its rank correlation
is undefined (scipy returns NaN). Such an image scores SPC 0, no monotonic relation
read out, and is counted in ``num_constant``; no NaN is ever averaged. Its MAE is
scored as any other. "Constant" allows float noise: a map whose range is below
``1e-5`` (of values in [0, 1]) counts as constant, since the ranks of rounding
differences (a conv's result can differ in the last bits from one position to the
next) are noise, not position.

Images of several input kinds (natural photographs, black, white, noise) are
scored separately when their samples carry ``input_type``: ``<input_type>/SPC``.
"""
from collections import OrderedDict, defaultdict

import numpy as np
from mmengine.evaluator import BaseMetric
from mmengine.registry import METRICS
from scipy import stats

CONSTANT_RANGE = 1e-5  # a map whose values span less is constant


def spearman(pred, gt):
    """Spearman's rank correlation of two maps over all pixels.

    Args:
        pred (ndarray): Predicted map.
        gt (ndarray): Ground-truth map of the same size.

    Returns:
        float | None: The correlation, or None when either map is constant
        (range below ``CONSTANT_RANGE``).
    """
    pred, gt = np.ravel(pred), np.ravel(gt)
    if pred.shape != gt.shape:
        raise ValueError(f'prediction ({pred.size} pixels) and ground truth '
                         f'({gt.size}) differ in size')
    if np.ptp(pred) < CONSTANT_RANGE or np.ptp(gt) < CONSTANT_RANGE:
        return None
    return float(stats.spearmanr(pred, gt).statistic)


def score_map(pred, gt):
    """SPC (None if undefined) and MAE of one image.

    Args:
        pred (ndarray): Predicted map.
        gt (ndarray): Ground-truth map.

    Returns:
        dict: ``spc`` and ``mae``.
    """
    pred = np.asarray(pred, np.float64)
    gt = np.asarray(gt, np.float64)
    return dict(spc=spearman(pred, gt), mae=float(np.abs(pred - gt).mean()))


def summarize(scores):
    """Average per-image scores; an undefined SPC counts as 0.

    Args:
        scores (list[dict]): :func:`score_map` results.

    Returns:
        dict: ``SPC``, ``MAE`` and ``num_constant``.
    """
    spc = [0.0 if s['spc'] is None else s['spc'] for s in scores]
    return dict(SPC=float(np.mean(spc)), MAE=float(np.mean([s['mae'] for s in scores])),
                num_constant=sum(s['spc'] is None for s in scores))


@METRICS.register_module()
class PositionMetric(BaseMetric):
    """SPC and MAE of predicted position maps (see the module docstring).

    Reads ``pred_map`` and ``gt_map`` (tensors or arrays of one size) and,
    optionally, ``input_type`` from each data sample.

    Args:
        collect_device (str): As ``BaseMetric``.
        prefix (str, optional): As ``BaseMetric``.
    """

    default_prefix = None

    def process(self, data_batch, data_samples):
        for sample in data_samples:
            pred, gt = (_numpy(sample[k]) for k in ('pred_map', 'gt_map'))
            score = score_map(pred.squeeze(), gt.squeeze())
            score['input_type'] = sample.get('input_type')
            self.results.append(score)

    def compute_metrics(self, results):
        groups = defaultdict(list)
        for score in results:
            groups[score['input_type']].append(score)
        metrics = OrderedDict()
        for input_type, scores in groups.items():
            prefix = '' if input_type is None else f'{input_type}/'
            for name, value in summarize(scores).items():
                metrics[prefix + name] = value
        return metrics


def _numpy(value):
    if hasattr(value, 'detach'):
        return value.detach().float().cpu().numpy()
    return np.asarray(value)
