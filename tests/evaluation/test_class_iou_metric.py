"""ClassIoUMetric: mmseg's IoUMetric plus per-class IoU and class-group means."""
import pytest
import torch
from mmseg.evaluation import IoUMetric
from mmseg.structures import SegDataSample
from mmengine.structures import PixelData

from posseg.evaluation import ClassIoUMetric

META = dict(classes=('bg', 'a', 'b'))


def _samples():
    gt = torch.tensor([[0, 0, 1, 1], [0, 2, 2, 1]])
    pred = torch.tensor([[0, 1, 1, 1], [0, 2, 0, 1]])
    sample = SegDataSample()
    sample.gt_sem_seg = PixelData(data=gt[None])
    sample.pred_sem_seg = PixelData(data=pred[None])
    return [sample.to_dict()]


def _evaluate(metric):
    metric.dataset_meta = META
    metric.process([{}], _samples())
    return metric.compute_metrics(metric.results)


def test_per_class_and_group_ious_by_hand():
    metrics = _evaluate(ClassIoUMetric(class_groups=dict(fg=('a', 'b'))))
    # bg: 2 of (3 gt | 3 pred) -> 2/4; a: 3 of 4 -> 3/4; b: 1 of 2 -> 1/2
    assert metrics['IoU.bg'] == 50.0 and metrics['IoU.a'] == 75.0
    assert metrics['IoU.b'] == 50.0 and metrics['mIoU.fg'] == 62.5
    assert metrics['mIoU'] == _evaluate(IoUMetric())['mIoU'] == 58.33


def test_unknown_class_in_a_group_is_named():
    with pytest.raises(ValueError, match="names 'c', not a class of the dataset "
                       r'\(bg, a, b\)'):
        _evaluate(ClassIoUMetric(class_groups=dict(fg=('a', 'c'))))
    with pytest.raises(ValueError, match="iou_metrics must include 'mIoU'"):
        ClassIoUMetric(iou_metrics=['mDice'])
