"""PositionMetric: Spearman correlation and MAE per image, constant maps counted."""
import warnings

import numpy as np
import pytest
import torch
from scipy import stats

from posseg.evaluation.position_metric import PositionMetric, score_map


def _evaluate(samples):
    metric = PositionMetric()
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


def test_equals_scipy_on_random_maps():
    rng = np.random.default_rng(0)
    preds = [rng.random((12, 16)) for _ in range(3)]
    gts = [rng.random((12, 16)) for _ in range(3)]
    metrics = _evaluate([dict(pred_map=torch.tensor(p)[None], gt_map=g)
                         for p, g in zip(preds, gts)])
    spc = np.mean([stats.spearmanr(p.ravel(), g.ravel()).statistic
                   for p, g in zip(preds, gts)])
    mae = np.mean([np.abs(p - g).mean() for p, g in zip(preds, gts)])
    assert metrics == pytest.approx(dict(SPC=spc, MAE=mae, num_constant=0))


def test_hand_computed_values():
    gt = np.array([[0.0, 0.25], [0.5, 1.0]])
    # any increasing function of the truth ranks the pixels the same: SPC 1
    assert score_map(gt ** 3, gt)['spc'] == pytest.approx(1)
    assert score_map(1 - gt, gt)['spc'] == pytest.approx(-1)
    # ranks 1 2 3 4 against 1 2 4 3: 1 - 6 * 2 / (4 * 15) = 0.8
    swapped = np.array([[0.0, 0.25], [1.0, 0.5]])
    assert score_map(swapped, gt) == pytest.approx(dict(spc=0.8, mae=0.25))


def test_constant_prediction_scores_zero_and_is_counted():
    gt = np.arange(16, dtype=float).reshape(4, 4) / 15
    with warnings.catch_warnings():
        warnings.simplefilter('error')  # scipy's ConstantInputWarning never fires
        rounding = 0.5 + np.random.default_rng(0).normal(0, 1e-7, (4, 4))
        metrics = _evaluate([
            dict(pred_map=rounding, gt_map=gt, input_type='black'),  # float noise
            dict(pred_map=gt, gt_map=gt, input_type='black'),
            dict(pred_map=gt, gt_map=gt, input_type='natural')])
    assert metrics['black/SPC'] == pytest.approx(0.5)  # (0 + 1) / 2, no NaN
    assert metrics['black/num_constant'] == 1
    assert metrics['black/MAE'] == pytest.approx(np.abs(0.5 - gt).mean() / 2,
                                                 abs=1e-6)
    assert metrics['natural/SPC'] == pytest.approx(1)
    assert metrics['natural/num_constant'] == 0
    assert not any(np.isnan(v) for v in metrics.values())


def test_maps_of_different_sizes_are_refused():
    with pytest.raises(ValueError, match='differ in size'):
        score_map(np.zeros((4, 4)), np.zeros((4, 5)))
