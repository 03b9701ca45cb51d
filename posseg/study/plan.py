"""A study: one base config trained under named variants and several seeds.

A study definition (``configs/studies/<name>.py``) is an mmengine config with:

- ``base`` (str): the config every run inherits, relative to the working
  directory or else to the repository root;
- ``variants`` (dict): variant name -> config overrides, written as in a config
  that inherits ``base`` (nested dicts; ``_delete_`` works as usual); a variant
  with its own ``_base_`` (a path as ``base``) inherits that instead;
- ``baseline`` (str): the variant the others are compared with;
- ``seeds`` (list[int]);
- ``metrics`` (list[str]): keys of the validation metrics to report;
- optional ``empty_value`` (float): the value of a finished run whose evaluation
  produced no metrics (mmdet's CocoMetric when nothing is predicted: 0 AP);
- optional ``references`` (list[dict]): published numbers shown beside, each with
  ``source``, ``setting`` (what differs) and ``values`` (label -> number);
- optional ``probe`` (dict): a probe study. Each run is ``tools/probe.py`` on the
  run's config instead of training: ``gt`` and ``inputs`` (lists), and any of the
  probe's settings (``epochs``, ``length``, ``size``, ``batch_size``); the metrics
  are ``<gt>/<input>/spc`` and ``<gt>/<input>/mae``. A variant may name
  ``checkpoint``: the trained model whose encoder is probed, a path with
  ``{seed}`` (``{variant}``) in it, and ``trained_by``: the command that trains it,
  printed when it is missing.

Each run lives in ``<study dir>/<variant>/seed_<seed>/`` with its generated
``config.py`` (``_base_`` + overrides + seed), so it can be rerun by hand; once it
trains, mmengine replaces it with the resolved config, which ``run_definition.py``
compares with the study's definition.
"""
import os.path as osp
from dataclasses import dataclass


from ..utils.config_errors import read_config
from ..utils.errors import PossegError
from ..utils.paths import user_path
from .run_record import read_run

REQUIRED = ('base', 'variants', 'baseline', 'seeds', 'metrics')
PROBE_COUNTS = ('epochs', 'length', 'size', 'batch_size')  # whole numbers >= 1
PROBE_KEYS = ('gt', 'inputs', *PROBE_COUNTS)
RUN_KEYS = ('checkpoint', 'trained_by')  # a variant's keys that are not config
HEADER = '# study '  # how a run's generated config.py begins
EXAMPLES = dict(variants='variants = dict(zeros=dict())', seeds='seeds = [0, 1, 2]',
                metrics="metrics = ['coco/segm_mAP']")


class StudyError(PossegError):
    """A study definition that cannot be run."""


@dataclass
class Run:
    """One (variant, seed) of a study.

    Attributes:
        variant (str): Variant name.
        seed (int): Random seed.
        work_dir (str): The run's work dir.
        probe (dict | None): The study's ``probe`` settings: the run is a probe.
        checkpoint (str | None): The trained model a probe run reads.
        trained_by (str | None): The command that trains ``checkpoint``.
    """
    variant: str
    seed: int
    work_dir: str
    probe: dict | None = None
    checkpoint: str | None = None
    trained_by: str | None = None

    @property
    def config(self):
        return osp.join(self.work_dir, 'config.py')

    @property
    def name(self):
        return f'{self.variant} seed {self.seed}'

    def missing_checkpoint(self):
        """Why a probe run cannot start: its checkpoint is missing (None if not)."""
        if not self.checkpoint or osp.isfile(self.checkpoint):
            return None
        return (f'checkpoint {user_path(self.checkpoint)} not found; train it '
                'first' + (f': {self.trained_by}' if self.trained_by else ''))


def _resolve(path, root):
    """A study's config path: relative to the working directory if it is there,
    else to the repository root (so posseg's own studies run from any folder)."""
    if osp.isabs(path) or osp.isfile(path):
        return osp.abspath(path)
    return osp.join(root, path)


def load_study(path, root):
    """Load and check a study definition.

    Args:
        path (str): The study config file.
        root (str): Repository root: ``base`` and variants' ``_base_`` are
            relative to the working directory, or else to this root.

    Returns:
        Config: The study, with ``base`` made absolute and ``name`` set.
    """
    if not osp.isfile(path):
        raise StudyError(f'study file {path!r} not found; studies live under '
                         'configs/studies/')
    study = read_config(path)
    missing = [k for k in REQUIRED if k not in study]
    if missing:
        raise StudyError(f'{path}: missing {missing}; a study needs {list(REQUIRED)}')
    empty = [k for k in ('variants', 'seeds', 'metrics') if not study[k]]
    if empty:
        raise StudyError(f'{path}: {empty[0]} is empty; a study needs at least one '
                         f'(e.g. {EXAMPLES[empty[0]]})')
    study.base = _resolve(study.base, root)
    for overrides in study.variants.values():
        if '_base_' in overrides:
            overrides['_base_'] = _resolve(overrides['_base_'], root)
    for base in [study.base] + [v['_base_'] for v in study.variants.values()
                                if '_base_' in v]:
        if not osp.isfile(base):
            raise StudyError(f'{path}: base config {base!r} not found')
    probe = study.get('probe')
    if probe is not None:
        unknown = [k for k in probe if k not in PROBE_KEYS]
        if unknown:
            raise StudyError(f'{path}: unknown probe setting {unknown[0]!r}; '
                             f'valid: {list(PROBE_KEYS)}')
        bad = [k for k in PROBE_COUNTS if k in probe
               and (type(probe[k]) is not int or probe[k] < 1)]
        if bad:
            raise StudyError(f'{path}: probe setting {bad[0]}={probe[bad[0]]!r}; '
                             'it takes a whole number of 1 or more')
        if not probe.get('gt'):
            raise StudyError(f"{path}: probe needs the maps to probe, e.g. "
                             "gt=['H', 'V']")
    elif any(k in v for v in study.variants.values() for k in RUN_KEYS):
        raise StudyError(f'{path}: a variant names a checkpoint, which only a probe '
                         "study reads; add probe=dict(gt=[...]) or remove it")
    if study.baseline not in study.variants:
        raise StudyError(f'{path}: baseline {study.baseline!r} is not one of the '
                         f'variants {list(study.variants)}')
    study.name = osp.splitext(osp.basename(path))[0]
    return study


def plan_runs(study, work_dir, order='variant', variants=None, seeds=None):
    """All runs of a study (or a subset), in the order they will run.

    Args:
        study (Config): The study.
        work_dir (str): The study's work dir.
        order (str): ``variant`` (all seeds of a variant, then the next variant)
            or ``seed`` (every variant's first seed before any second seed, so a
            study cut short still covers every variant).
        variants (list[str], optional): Only these variants (default: all).
        seeds (list[int], optional): Only these seeds (default: all).

    Returns:
        list[Run]
    """
    if order not in ('variant', 'seed'):
        raise StudyError(f"unknown run order {order!r}; use 'variant' or 'seed'")
    for kind, chosen, known in (('variant', variants, list(study.variants)),
                                ('seed', seeds, list(study.seeds))):
        unknown = [c for c in chosen or () if c not in known]
        if unknown:
            raise StudyError(f'unknown {kind} {unknown[0]!r}; the study has '
                             f'{", ".join(map(str, known))}')
    pairs = [(variant, seed) for variant in study.variants for seed in study.seeds
             if (variants is None or variant in variants)
             and (seeds is None or seed in seeds)]
    if order == 'seed':
        pairs.sort(key=lambda pair: study.seeds.index(pair[1]))
    return [_run(study, variant, seed, osp.join(work_dir, variant, f'seed_{seed}'))
            for variant, seed in pairs]


def _run(study, variant, seed, work_dir):
    probe = study.get('probe')
    if probe is None:
        return Run(variant, seed, work_dir)
    fields = dict(seed=seed, variant=variant)
    checkpoint, trained_by = (study.variants[variant].get(k) for k in RUN_KEYS)
    return Run(variant, seed, work_dir, probe=dict(probe),
               checkpoint=checkpoint and osp.abspath(checkpoint.format(**fields)),
               trained_by=trained_by and trained_by.format(**fields))


def run_config_text(study, run):
    """The ``config.py`` of one run: the base, the variant's overrides, the seed."""
    overrides = study.variants[run.variant]
    overrides = dict(overrides.to_dict() if hasattr(overrides, 'to_dict')
                     else overrides)
    base = overrides.pop('_base_', study.base)
    for key in RUN_KEYS:
        overrides.pop(key, None)
    lines = [f'{HEADER}{study.name}: variant {run.variant!r}, seed {run.seed}',
             f'_base_ = {base!r}']
    lines += [f'{key} = {value!r}' for key, value in overrides.items()]
    lines.append(f'randomness = dict(seed={run.seed})')
    return '\n'.join(lines) + '\n'


def run_state(run):
    """Where a run stands: ``finished``, ``running``, ``interrupted`` or ``new``.

    ``finished`` means ``metrics.json`` holds a validation of the last epoch (or
    iteration); ``running`` that a live process on this host trains it (see
    ``running.py``); ``interrupted`` that a checkpoint exists to resume from.
    """
    return read_run(run).state
