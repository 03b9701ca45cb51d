"""What a run's work dir says about it, read in one place for planning and reports.

A run's work dir holds its ``config.py``, ``metrics.json`` (every validation),
``last_checkpoint``, ``train.log`` and, while it trains, ``running.pid``. A probe
run's holds ``probe.json`` when done, and a folder per ground-truth map.
"""
import json
import os.path as osp
import re
from dataclasses import dataclass

from mmengine.config import Config

from .running import running_pid

ERROR_LINE = re.compile(r'^(\w+(Error|Exception)|error:|Killed)\b')


@dataclass
class RunRecord:
    """One run as its work dir shows it.

    Attributes:
        pid (int | None): The live process on this host that trains it.
        has_metrics (bool): ``metrics.json`` exists.
        final (dict | None): The metrics of the validation at the run's last step
            (``last_step``), when there is one.
        last_step (tuple | None): ``('epoch', n)`` or ``('iter', n)``: where the run
            ends (None when unreadable).
        problem (str | None): Why ``metrics.json`` or the config is unreadable.
        error (str | None): The last exception (or ``error:``) line of train.log.
        has_checkpoint (bool): ``last_checkpoint`` exists (it can be resumed).
    """
    pid: int | None
    has_metrics: bool
    final: dict | None
    last_step: tuple | None
    problem: str | None
    error: str | None
    has_checkpoint: bool

    @property
    def state(self):
        """``finished``, ``running``, ``interrupted`` (resumable) or ``new``."""
        if self.final is not None:
            return 'finished'
        if self.pid is not None:
            return 'running'
        return 'interrupted' if self.has_checkpoint else 'new'


def final_step(config):
    """``('epoch', max_epochs)`` or ``('iter', max_iters)`` of a run config."""
    train_cfg = Config.fromfile(config).train_cfg
    if 'max_epochs' in train_cfg:
        return 'epoch', train_cfg.max_epochs
    return 'iter', train_cfg.max_iters


def _last_error(log_file):
    if not osp.isfile(log_file):
        return None
    with open(log_file, errors='replace') as f:
        errors = [line.strip() for line in f if ERROR_LINE.match(line.strip())]
    return errors[-1][:300] if errors else None


def probe_metrics(results):
    """``tools/probe.py``'s probe.json as flat metrics.

    Args:
        results (dict): ``{gt: {input: {"spc", "mae", ...}}}``.

    Returns:
        dict: ``{'<gt>/<input>/spc': ..., '<gt>/<input>/mae': ...}``.
    """
    return {f'{gt}/{kind}/{key}': value for gt, row in results.items()
            for kind, scores in row.items() for key, value in scores.items()}


def _read_probe_run(run):
    results_file = osp.join(run.work_dir, 'probe.json')
    final = problem = None
    if osp.isfile(results_file):
        try:
            with open(results_file) as f:
                final = probe_metrics(json.load(f))
        except (ValueError, AttributeError, OSError) as err:
            problem = f'probe.json unreadable: {type(err).__name__}: {err}'
    started = [gt for gt in run.probe['gt']
               if osp.isdir(osp.join(run.work_dir, gt))]
    return RunRecord(
        pid=running_pid(run), has_metrics=osp.isfile(results_file), final=final,
        last_step=('probe', None), problem=problem,
        error=_last_error(osp.join(run.work_dir, 'train.log')),
        has_checkpoint=bool(started))


def read_run(run):
    """Read a run's work dir (a probe run's too).

    Args:
        run (Run): The run (its ``work_dir`` and ``config``).

    Returns:
        RunRecord
    """
    if run.probe is not None:
        return _read_probe_run(run)
    metrics_file = osp.join(run.work_dir, 'metrics.json')
    final = last_step = problem = None
    if osp.isfile(metrics_file):
        try:
            with open(metrics_file) as f:
                val = json.load(f)['val']
            last_step = unit, last = final_step(run.config)
            found = [e for e in val if e.get(unit) == last]
            final = found[-1]['metrics'] if found else None
        except (ValueError, KeyError, TypeError, OSError) as err:
            problem = f'metrics.json unreadable: {type(err).__name__}: {err}'
    return RunRecord(
        pid=running_pid(run), has_metrics=osp.isfile(metrics_file), final=final,
        last_step=last_step, problem=problem,
        error=_last_error(osp.join(run.work_dir, 'train.log')),
        has_checkpoint=osp.isfile(osp.join(run.work_dir, 'last_checkpoint')))
