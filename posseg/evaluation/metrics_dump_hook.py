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

    The file holds ``{"val": [...], "test": [...]}`` (and ``"probe"`` when a
    ``PositionProbeHook`` reports through :meth:`dump`); each entry has ``epoch``,
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
        self.dump(runner, 'val', metrics)

    def after_test_epoch(self, runner, metrics=None):
        self.dump(runner, 'test', metrics)

    def dump(self, runner, mode, metrics, epoch=None, iteration=None):
        """Append ``metrics`` under ``mode`` (``val``, ``test``, ``probe``, ...),
        at the runner's epoch and iteration unless given."""
        if metrics is None or not is_main_process():
            return
        path = osp.join(runner.work_dir, self.filename)
        record = dict(val=[], test=[])
        if osp.exists(path):
            with open(path) as f:
                record.update(json.load(f))
        epoch = runner.epoch if epoch is None else epoch
        iteration = runner.iter if iteration is None else iteration
        entry = dict(epoch=epoch, iter=iteration,
                     metrics={k: _plain(v) for k, v in metrics.items()})
        if mode == 'test':
            entry['checkpoint'] = runner.cfg.get('load_from')
        else:
            record[mode] = [e for e in record.get(mode, []) if e['iter'] != iteration]
        record[mode].append(entry)
        with open(path + '.tmp', 'w') as f:
            json.dump(record, f, indent=1)
        os.replace(path + '.tmp', path)


def _plain(value):
    """A JSON-serialisable copy of a metric value (numbers, arrays, strings)."""
    if hasattr(value, 'tolist'):
        return value.tolist()
    return value if isinstance(value, (int, float, str, list, dict)) else str(value)
