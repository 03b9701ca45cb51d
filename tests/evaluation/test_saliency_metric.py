"""SaliencyMetric: pysodmetrics' numbers, per set, on hand-made and random maps."""
import numpy as np
import py_sod_metrics as sod
import pytest
import torch

from posseg.evaluation import SaliencyMetric
from posseg.evaluation.saliency_metric import METRIC_NAMES, border_gap, score_image


def _sample(prob, mask, subset=None, name='a.jpg', channels=1):
    prob = torch.as_tensor(prob, dtype=torch.float32)
    if channels == 1:
        logits = prob[None]
    else:  # two classes whose softmax gives prob for class 1
        logit = torch.log(prob.clamp(1e-6, 1 - 1e-6) / (1 - prob.clamp(1e-6, 1 - 1e-6)))
        logits = torch.stack([torch.zeros_like(logit), logit])
    return dict(seg_logits=dict(data=logits),
                gt_sem_seg=dict(data=torch.as_tensor(mask, dtype=torch.uint8)[None]),
                img_path=f'/data/{name}', subset=subset)


def _evaluate(samples, **kwargs):
    metric = SaliencyMetric(**kwargs)
    metric.process({}, samples)
    return metric.compute_metrics(metric.results)


def _mask():
    mask = np.zeros((4, 4), np.uint8)
    mask[:2, :2] = 1  # 4 salient pixels of 16
    return mask


def test_hand_computed_small_case():
    mask = _mask()
    prob = np.zeros((4, 4))
    prob[0, 0] = prob[0, 1] = 1.0  # 2 of the 4 salient pixels
    prob[3, 3] = prob[3, 2] = 1.0  # and 2 background pixels
    m = _evaluate([_sample(prob, mask)], normalize=False)
    assert m['MAE'] == pytest.approx(4 / 16)
    # thresholds 1..255: P = R = 1/2 -> F = 1/2; threshold 0 takes every pixel:
    # P = 1/4, R = 1 -> F = 1.3 * 0.25 / (0.3 * 0.25 + 1)
    f_all = 1.3 * 0.25 / (0.3 * 0.25 + 1)
    assert m['maxF'] == pytest.approx(0.5, abs=1e-4)
    assert m['meanF'] == pytest.approx((255 * 0.5 + f_all) / 256, abs=1e-4)
    # adaptive threshold: twice the mean (1/2) -> the 4 ones: F = 1/2
    assert m['adpF'] == pytest.approx(0.5, abs=1e-4)


def test_perfect_map_scores_one_and_empty_masks_as_pysodmetrics():
    mask = _mask()
    perfect = _evaluate([_sample(mask.astype(float), mask)])
    assert perfect['MAE'] == 0
    assert perfect['maxF'] == perfect['adpF'] == perfect['wF'] == pytest.approx(1)
    assert perfect['Sm'] == pytest.approx(1, abs=1e-4)
    # a mask with nothing salient: F-measures and wF are 0, S-measure is 1 - mean
    # (the map, 8-bit and rescaled per image: a map with one salient half -> 0.5)
    empty = np.zeros((4, 4), np.uint8)
    half = np.zeros((4, 4))
    half[:2] = 0.7
    m = _evaluate([_sample(half, empty)])
    assert m['maxF'] == m['meanF'] == m['adpF'] == m['wF'] == 0
    assert m['Sm'] == pytest.approx(0.5) and m['MAE'] == pytest.approx(0.5)


def test_constant_map_is_not_rescaled():
    mask = _mask()
    m = _evaluate([_sample(np.full((4, 4), 0.4), mask)])
    # 8-bit 102, divided by 255 and not stretched (pysodmetrics' prepare_data)
    assert m['MAE'] == pytest.approx((4 * (1 - 102 / 255) + 12 * 102 / 255) / 16,
                                     abs=1e-4)
    f_all = 1.3 * 0.25 / (0.3 * 0.25 + 1)  # every threshold keeps all or nothing
    assert m['maxF'] == pytest.approx(f_all, abs=1e-4)


def _direct(preds, masks):
    """pysodmetrics' own evaluators, fed the 8-bit maps as saved PNGs would be."""
    fm = sod.FmeasureV2(metric_handlers=dict(fm=sod.FmeasureHandler(
        with_dynamic=True, with_adaptive=True, beta=0.3)))
    mae, sm, em, wfm = sod.MAE(), sod.Smeasure(), sod.Emeasure(), sod.WeightedFmeasure()
    for pred, mask in zip(preds, masks):
        pred8 = np.round(pred * 255).astype(np.uint8)
        for measure in (fm, mae, sm, em, wfm):
            measure.step(pred8, mask.astype(np.uint8) * 255)
    f, e = fm.get_results()['fm'], em.get_results()['em']
    return dict(MAE=mae.get_results()['mae'], maxF=f['dynamic'].max(),
                meanF=f['dynamic'].mean(), adpF=f['adaptive'],
                Sm=sm.get_results()['sm'], maxE=e['curve'].max(),
                meanE=e['curve'].mean(), adpE=e['adp'], wF=wfm.get_results()['wfm'])


def test_equals_pysodmetrics_on_random_maps():
    rng = np.random.default_rng(0)
    preds, masks = [], []
    for size in ((24, 32), (40, 30), (32, 32)):
        masks.append(rng.random(size) < 0.3)
        preds.append(np.clip(masks[-1] * 0.6 + rng.random(size) * 0.5, 0, 1))
    ours = _evaluate([_sample(p, m) for p, m in zip(preds, masks)])
    direct = _direct(preds, masks)
    assert list(ours) == list(METRIC_NAMES)
    for name in METRIC_NAMES:
        assert ours[name] == pytest.approx(direct[name], abs=1e-4), name


def test_two_class_softmax_gives_the_same_map():
    rng = np.random.default_rng(1)
    mask = rng.random((16, 16)) < 0.4
    prob = rng.random((16, 16))
    one = _evaluate([_sample(prob, mask)], normalize=False)
    two = _evaluate([_sample(prob, mask, channels=2)], normalize=False)
    assert one == pytest.approx(two, abs=2e-4)
    with pytest.raises(ValueError, match='1 channel'):
        _evaluate([dict(_sample(prob, mask), seg_logits=dict(
            data=torch.zeros(3, 16, 16)))])


def test_sets_are_scored_separately(tmp_path):
    rng = np.random.default_rng(2)
    masks = [rng.random((20, 20)) < 0.3 for _ in range(4)]
    preds = [rng.random((20, 20)) for _ in range(4)]
    subsets = ['ECSSD', 'ECSSD', 'DUTS-TE', 'DUTS-TE']
    samples = [_sample(p, m, s, f'{i}.jpg')
               for i, (p, m, s) in enumerate(zip(preds, masks, subsets))]
    metrics = _evaluate(samples, output_dir=str(tmp_path))
    ecssd, duts = _direct(preds[:2], masks[:2]), _direct(preds[2:], masks[2:])
    for name in METRIC_NAMES:
        assert metrics[f'ECSSD/{name}'] == pytest.approx(ecssd[name], abs=1e-4)
        assert metrics[f'DUTS-TE/{name}'] == pytest.approx(duts[name], abs=1e-4)
    saved = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob('*.png'))
    assert saved == ['DUTS-TE/2.png', 'DUTS-TE/3.png', 'ECSSD/0.png', 'ECSSD/1.png']


def test_map_and_mask_must_have_one_size():
    with pytest.raises(ValueError, match='resized to the mask'):
        score_image(np.zeros((4, 4)), np.zeros((5, 4)))


def test_border_gap_counts_pixels_to_the_nearest_edge():
    mask = np.zeros((10, 12), np.uint8)
    assert border_gap(mask) is None
    mask[3:5, 4:9] = 1  # 3 rows above, 5 below, 4 columns left, 3 right
    assert border_gap(mask) == 3
    mask[9, 6] = 1
    assert border_gap(mask) == 0


def test_border_distance_scores_near_border_and_interior_apart():
    rng = np.random.default_rng(3)
    masks = []
    for top in (0, 2, 8, 9):  # gaps 0, 2, 8 and (empty mask) none
        mask = np.zeros((20, 20), bool)
        if top < 9:
            mask[top:top + 4, 8:12] = True
        masks.append(mask)
    preds = [np.clip(m * 0.5 + rng.random((20, 20)) * 0.6, 0, 1) for m in masks]
    samples = [_sample(p, m, 'ECSSD', f'{i}.jpg')
               for i, (p, m) in enumerate(zip(preds, masks))]
    metrics = _evaluate(samples, border_distance=2)
    near, interior = _direct(preds[:2], masks[:2]), _direct(preds[2:3], masks[2:3])
    every = _direct(preds, masks)
    for name in METRIC_NAMES:
        assert metrics[f'ECSSD/{name}'] == pytest.approx(every[name], abs=1e-4)
        assert metrics[f'ECSSD/near_border/{name}'] == pytest.approx(near[name],
                                                                     abs=1e-4)
        assert metrics[f'ECSSD/interior/{name}'] == pytest.approx(interior[name],
                                                                  abs=1e-4)
    assert not any('border' in key for key in _evaluate(samples))
