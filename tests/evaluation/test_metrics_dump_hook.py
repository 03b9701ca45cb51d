"""MetricsDumpHook keeps one entry per validation step and one per test."""
import json
from types import SimpleNamespace

import numpy as np

from posseg.evaluation import MetricsDumpHook


def _runner(tmp_path, it, epoch):
    return SimpleNamespace(work_dir=str(tmp_path), iter=it, epoch=epoch,
                           cfg=dict(load_from='w/epoch_2.pth'))


def test_val_entries_replace_same_iteration_and_tests_append(tmp_path):
    hook = MetricsDumpHook()
    hook.after_val_epoch(_runner(tmp_path, 10, 1), {'a': np.float64(0.5)})
    hook.after_val_epoch(_runner(tmp_path, 20, 2), {'a': 0.6})
    hook.after_val_epoch(_runner(tmp_path, 20, 2), {'a': 0.7})  # after a resume
    hook.after_test_epoch(_runner(tmp_path, 0, 0), {'a': np.array([1, 2])})
    hook.after_val_epoch(_runner(tmp_path, 30, 3), {})  # nothing predicted
    record = json.loads((tmp_path / 'metrics.json').read_text())
    assert [(e['iter'], e['metrics'].get('a')) for e in record['val']] == [
        (10, 0.5), (20, 0.7), (30, None)]
    assert record['test'] == [dict(epoch=0, iter=0, checkpoint='w/epoch_2.pth',
                                   metrics={'a': [1, 2]})]
    assert not (tmp_path / 'metrics.json.tmp').exists()
