"""What a study's runs train: was a run trained under what its study defines now,
and do its variants define different models?

Each launch of ``tools/train.py`` writes the resolved config it trains into the
run's work dir (mmengine's ``config.py`` dump, and ``<timestamp>/vis_data/
config.py``). When the study's definition changes later (a variant's overrides, its
``base``, any config that base inherits), the run's checkpoints and numbers belong
to the old definition: the study must neither resume nor report them as the new
one. Settings of the launch, not of the experiment (``IGNORED``), and the
dataloaders' workers (``WORKER_SETTINGS``) may differ. By the same comparison, two
variants that resolve to the same config are refused (``check_distinct``).
"""
import glob
import os
import os.path as osp
import re
import tempfile

from mmengine.config import Config

from ..engine.exact_resume import make_resumable
from ..utils.cli import load_config
from ..utils.paths import user_path
from .plan import HEADER, StudyError, plan_runs, run_config_text

# set per launch by the tools, or only about logging and the machine
IGNORED = ('work_dir', 'launcher', 'resume', 'load_from', 'model_wrapper_cfg',
           'default_hooks', 'log_processor', 'log_level', 'visualizer', 'env_cfg')
# dataloader workers: the tools make every random draw independent of them
WORKER_SETTINGS = re.compile(r'^(train|val|test)_dataloader\.(num_workers|'
                             r'persistent_workers|pin_memory|prefetch_factor)$')
LAUNCH_DIR = re.compile(r'^\d{8}_\d{6}$')  # mmengine's timestamp folder
UNSET = object()


def trained_config(run):
    """The resolved config the run was last trained under.

    Args:
        run (Run): A training run of a study.

    Returns:
        str | None: ``config.py`` when it is mmengine's dump, else the newest
        launch's ``vis_data/config.py``; None when the run never started.
    """
    if osp.isfile(run.config):
        with open(run.config) as f:
            if not f.readline().startswith(HEADER):  # not the generated one
                return run.config
    launches = sorted(p for p in glob.glob(osp.join(run.work_dir, '*', 'vis_data',
                                                    'config.py'))
                      if LAUNCH_DIR.match(osp.basename(osp.dirname(osp.dirname(p)))))
    return launches[-1] if launches else None


def defined_config(study, run):
    """The config ``tools/train.py`` would train the run under now.

    Returns:
        Config
    """
    fd, path = tempfile.mkstemp(suffix='.py', prefix='study_run_')
    try:
        with os.fdopen(fd, 'w') as f:
            f.write(run_config_text(study, run))
        cfg = load_config(path, None, run.work_dir)
    finally:
        os.remove(path)
    make_resumable(cfg)
    return cfg


def _differences(old, new, path=''):
    """``(key path, old value, new value)`` of each leaf where the configs differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*new, *(k for k in old if k not in new)]:
            yield from _differences(old.get(key, UNSET), new.get(key, UNSET),
                                    f'{path}.{key}' if path else str(key))
    elif (isinstance(old, (list, tuple)) and isinstance(new, (list, tuple))
          and len(old) == len(new)):
        for i, (a, b) in enumerate(zip(old, new)):
            yield from _differences(a, b, f'{path}[{i}]')
    elif old != new:
        yield path, old, new


def _setting_differences(old, new):
    """``_differences`` of two config dicts but for ``IGNORED`` and
    ``WORKER_SETTINGS``."""
    return [d for d in _differences(*({k: v for k, v in cfg.items()
                                       if k not in IGNORED} for cfg in (old, new)))
            if not WORKER_SETTINGS.match(d[0])]


def _shown(value, width=40):
    text = 'unset' if value is UNSET else repr(value)
    return text if len(text) <= width else text[:width - 3] + '...'


def definition_change(study, run):
    """How the study's definition of a run differs from what the run was trained
    under.

    Args:
        study (Config): The loaded study.
        run (Run): One of its runs (a probe run is checked by tools/probe.py).

    Returns:
        str | None: e.g. ``"model.decode_head.coord_mode 'none', now 'input'"``
        (the first difference, and how many more); None when the run has not
        trained yet or nothing but ``IGNORED`` and ``WORKER_SETTINGS`` changed.
    """
    trained = run.probe is None and trained_config(run)
    if not trained:
        return None
    found = _setting_differences(Config.fromfile(trained).to_dict(),
                                 defined_config(study, run).to_dict())
    if not found:
        return None
    key, old, new = found[0]
    more = f' (and {len(found) - 1} more settings)' if len(found) > 1 else ''
    return f'{key} {_shown(old)}, now {_shown(new)}{more}'


def check_unchanged(study, runs, work_dir):
    """Refuse to go on with runs trained under another definition of the study.

    Args:
        study (Config): The loaded study.
        runs (list[Run]): The runs about to be trained, resumed or skipped.
        work_dir (str): The study's work dir.

    Raises:
        StudyError: One line: the first changed run and setting, and the folders
            to remove (or pass another ``--work-dir``).
    """
    changed = [(run, change) for run in runs
               if (change := definition_change(study, run))]
    if not changed:
        return
    run, change = changed[0]
    folders = [osp.relpath(r.work_dir, work_dir) for r, _ in changed]
    more = f' and {len(folders) - 3} more' if len(folders) > 3 else ''
    raise StudyError(
        f'{len(changed)} runs of study {study.name} were trained under another '
        f'definition of it ({run.name}: {change}); pass another --work-dir, or '
        f'remove {", ".join(folders[:3])}{more} in {user_path(work_dir)} to train '
        'them again')


def check_distinct(study, work_dir):
    """Refuse a study two of whose variants train the same config.

    Each variant's first seed is resolved as ``tools/train.py`` would train it. Two
    equal ones would report one model under two names (e.g. a study whose
    ``variants`` replace its base study's, and with them the settings they made).

    Args:
        study (Config): The loaded study (probe studies are not checked).
        work_dir (str): The study's work dir.

    Raises:
        StudyError: One line naming the two variants.
    """
    if study.get('probe') is not None:
        return
    resolved = {}
    for run in plan_runs(study, work_dir, seeds=study.seeds[:1]):
        cfg = defined_config(study, run).to_dict()
        same = [v for v, other in resolved.items()
                if not _setting_differences(other, cfg)]
        if same:
            raise StudyError(
                f'variants {same[0]} and {run.variant} of study {study.name} train '
                'the same config; give each variant a setting of its own (variants '
                "that replace the base study's replace its settings too)")
        resolved[run.variant] = cfg
