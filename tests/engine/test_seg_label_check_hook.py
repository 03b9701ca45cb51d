"""SegLabelCheckHook: a label value that is no class stops the run, naming file and value."""
from types import SimpleNamespace

import pytest
import torch
from mmengine.structures import PixelData
from mmseg.models.decode_heads import FCNHead
from mmseg.structures import SegDataSample

from posseg.engine import LabelValueError, SegLabelCheckHook


def _runner(num_classes=5):
    model = torch.nn.Module()
    model.decode_head = FCNHead(in_channels=4, channels=4, num_classes=num_classes)
    return SimpleNamespace(model=model)


def _batch(*values, reduce_zero_label=False):
    samples = []
    for i, value in enumerate(values):
        sample = SegDataSample(metainfo=dict(seg_map_path=f'ann/{i}.png',
                                             reduce_zero_label=reduce_zero_label))
        labels = torch.zeros(1, 4, 4, dtype=torch.long)
        labels[0, 1, 2] = value
        sample.gt_sem_seg = PixelData(data=labels)
        samples.append(sample)
    return dict(inputs=[], data_samples=samples)


@pytest.mark.parametrize('stage', ['train', 'val', 'test'])
def test_classes_and_the_ignore_index_pass_and_others_stop(stage):
    check = getattr(SegLabelCheckHook(), f'before_{stage}_iter')
    check(_runner(), 0, _batch(4, 255))
    with pytest.raises(LabelValueError, match=r'^label value 5 in ann/1.png is not '
                       r'a class \(0..4\) nor the ignore index 255; fix'):
        check(_runner(), 0, _batch(4, 5))


def test_reduce_zero_label_gives_the_files_value():
    with pytest.raises(LabelValueError, match=r'label value 21 \(after the '
                       r"dataset's reduce_zero_label: the file says 22\)"):
        SegLabelCheckHook().before_train_iter(
            _runner(21), 0, _batch(21, reduce_zero_label=True))


def test_models_without_a_decode_head_and_batches_without_labels_pass():
    SegLabelCheckHook().before_train_iter(
        SimpleNamespace(model=torch.nn.Module()), 0, _batch(99))
    SegLabelCheckHook().before_val_iter(_runner(), 0, dict(
        inputs=[], data_samples=[SegDataSample()]))
    SegLabelCheckHook().before_val_iter(_runner(), 0, None)
