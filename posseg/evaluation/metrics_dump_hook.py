"""Leave every evaluation's metrics in the work dir as JSON."""
import json
import os
import os.path as osp

from mmengine.dist import is_main_process
from mmengine.hooks import Hook
from mmengine.registry import HOOKS


@HOOKS.register_module()
class MetricsDumpHook(Hook):
    """Append the metrics of each validation and test to ``<work_dir>/metrics.json``.

    The file holds ``{"val": [...], "test": [...]}``; each entry has ``epoch``,
    ``iter`` and ``metrics`` (test entries also ``checkpoint``). An evaluation that
    produced no metrics (mmdet's CocoMetric returns ``{}`` when a model predicts
    nothing) is kept with empty ``metrics``, never dropped. A validation that
    is repeated after a resume replaces the entry of the same iteration. The file
    is replaced atomically, so an interrupted run never leaves it half-written.

    Args:
        filename (str): File name inside the work dir.
    """

    priority = 'VERY_LOW'

    def __init__(self, filename='metrics.json'):
        self.filename = filename

    def after_val_epoch(self, runner, metrics=None):
        self._dump(runner, 'val', metrics)

    def after_test_epoch(self, runner, metrics=None):
        self._dump(runner, 'test', metrics)

    def _dump(self, runner, mode, metrics):
        if metrics is None or not is_main_process():
            return
        path = osp.join(runner.work_dir, self.filename)
        record = dict(val=[], test=[])
        if osp.exists(path):
            with open(path) as f:
                record.update(json.load(f))
        entry = dict(epoch=runner.epoch, iter=runner.iter,
                     metrics={k: _plain(v) for k, v in metrics.items()})
        if mode == 'test':
            entry['checkpoint'] = runner.cfg.get('load_from')
        else:
            record[mode] = [e for e in record[mode] if e['iter'] != runner.iter]
        record[mode].append(entry)
        with open(path + '.tmp', 'w') as f:
            json.dump(record, f, indent=1)
        os.replace(path + '.tmp', path)


def _plain(value):
    """A JSON-serialisable copy of a metric value (numbers, arrays, strings)."""
    if hasattr(value, 'tolist'):
        return value.tolist()
    return value if isinstance(value, (int, float, str, list, dict)) else str(value)
