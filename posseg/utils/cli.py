"""What the tools share: config loading, pre-flight checks and one-line errors."""
import argparse
import difflib
import glob
import json
import os
import os.path as osp
import re
import sys
import time
import traceback

import torch
from mmengine.config import DictAction
from mmengine.hub import get_config
from mmengine.registry import DATASETS

from ..compat.dataloader_workers import children_die_with_this_process
from ..compat.dist_collect_dir import removes_new_collect_dir
from ..compat.gloo_teardown import end_distributed_run
from .checkpoints import (CheckpointError, fit_report, read_checkpoint,
                          state_dict_of)
from .config_errors import (ConfigError, check_cfg_options,
                            read_config)
from .errors import ConfigNotFoundError, DatasetNotFoundError, PossegError
from .paths import ROOT

METRICS_HOOK = dict(type='MetricsDumpHook')
TOOL_HOOKS = (METRICS_HOOK, dict(type='SegLabelCheckHook'))  # added to every config


def debug_requested():
    """``--debug`` on the command line or ``POSSEG_DEBUG`` set: show tracebacks."""
    return '--debug' in sys.argv or bool(os.environ.get('POSSEG_DEBUG'))


def run_main(main):
    """Run a tool's ``main``; print any error as one line and exit 1.

    :class:`PossegError` messages name the problem and the fix; anything else is
    printed as its type and first line. ``--debug`` (or ``POSSEG_DEBUG=1``) shows
    the traceback. Modules in the working directory can be imported (a config's
    ``custom_imports``), after everything installed. The tool's forked children die
    with it, and it ends distributed runs cleanly (see ``posseg.compat``).
    """
    children_die_with_this_process()
    if os.getcwd() not in sys.path:  # custom_imports of modules beside the user
        sys.path.append(os.getcwd())
    outcome = None  # sys.exit's argument: None (success) or the error line
    with removes_new_collect_dir():
        try:
            main()
        except Exception as err:  # noqa: BLE001  (one line; --debug for the rest)
            if debug_requested():
                traceback.print_exc()
            outcome = 'error: ' + error_line(err)
    if outcome and left_for_launcher(outcome):
        outcome = 1  # tools/torchrun.py says it, once for all ranks that met it
    end_distributed_run(outcome)
    if outcome:
        sys.exit(outcome)


def left_for_launcher(line):
    """Leave a process's error line to the torchrun that started it.

    torchrun gives each process a file for its error (``TORCHELASTIC_ERROR_FILE``)
    and reads it when the process fails. The line is written there in the format
    of torch's ``ErrorHandler``; tools/torchrun.py prints each distinct line once
    with the ranks that gave it (plain torchrun shows it in its failure report).

    Args:
        line (str): The error line.

    Returns:
        bool: Whether the line was left (else the caller prints it).
    """
    path = os.environ.get('TORCHELASTIC_ERROR_FILE')
    if not path:
        return False
    stamp = str(int(time.time()))
    try:
        with open(path, 'w') as f:
            json.dump(dict(message=dict(message=line,
                                        extraInfo=dict(timestamp=stamp))), f)
    except OSError:  # torchrun's log folder is gone
        return False
    return True


def error_line(err):
    """One line for an exception, as :func:`run_main` prints it after ``error:``.

    An error raised in a DataLoader worker reaches the main process rewrapped
    (``Caught X in DataLoader worker process 0`` and the worker's traceback); its
    own last line is used. A missing file names the path and how to restore it.

    Returns:
        str
    """
    text = str(err).strip()
    name = type(err).__name__
    if text.startswith('Caught ') and 'Original Traceback' in text:
        text = text.splitlines()[-1]  # 'module.Class: message' of the worker
        name, _, text = text.partition(': ')
        name = name.rsplit('.', 1)[-1]
    if isinstance(err, PossegError):
        return text
    first = (text.splitlines() or [''])[0]
    if isinstance(err, FileNotFoundError):
        missing = re.search(r"No such file or directory: '(.*)'", first)
        if missing:
            return (f'{missing.group(1)} not found; restore it (a file a dataset '
                    'lists: prepare the dataset as data/README.md describes)')
    return (f'{name}: {first}'
            + ('' if debug_requested() else '; rerun with --debug for the traceback'))


def int_at_least(minimum, name):
    """An argparse type: an int of ``minimum`` or more, else one line naming both.

    Args:
        minimum (int): The smallest value taken.
        name (str): What the value is, e.g. ``count`` (argparse's messages say
            "invalid count value" for text that is no int).

    Returns:
        callable
    """
    def parse(text):
        value = int(text)
        if value < minimum:
            raise argparse.ArgumentTypeError(
                f'{value} is not a {name} ({minimum} or more)')
        return value
    parse.__name__ = name
    return parse


count = int_at_least(0, 'count')
positive = int_at_least(1, 'positive number')


class KeyValueAction(DictAction):
    """mmengine's ``DictAction`` that refuses an item without ``=`` in one line."""

    def __call__(self, parser, namespace, values, option_string=None):
        bad = [v for v in values if '=' not in v]
        if bad:
            raise ConfigError(f'{option_string} {bad[0]!r}: options are key=value, '
                              'e.g. train_cfg.max_epochs=1')
        super().__call__(parser, namespace, values, option_string)


def parse_tool_args(parser):
    """Add the options train.py and test.py share, parse, export ``LOCAL_RANK``.

    Args:
        parser (argparse.ArgumentParser): The tool's parser with its own options.

    Returns:
        argparse.Namespace: The parsed arguments.
    """
    parser.add_argument(
        '--cfg-options', nargs='+', action=KeyValueAction,
        help='override config settings, key=value (e.g. train_cfg.max_epochs=1)')
    parser.add_argument(
        '--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    parser.add_argument('--dry-run', action='store_true',
                        help='check the config, checkpoint and datasets, then stop '
                        '(dist_train.sh and dist_test.sh do so once before their '
                        'processes start)')
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error (or POSSEG_DEBUG=1)')
    args = parser.parse_args()
    check_launcher(args.launcher, parser.prog)
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


LAUNCHERS = {  # launcher: (what it reads from the environment, what sets that)
    'pytorch': (('RANK', 'WORLD_SIZE', 'MASTER_ADDR', 'MASTER_PORT'), 'torchrun'),
    'slurm': (('SLURM_PROCID', 'SLURM_NTASKS', 'SLURM_NODELIST'), 'srun'),
    'mpi': (('OMPI_COMM_WORLD_LOCAL_RANK', 'OMPI_COMM_WORLD_RANK',
             'OMPI_COMM_WORLD_SIZE', 'MASTER_ADDR'), 'mpirun (-x MASTER_ADDR=<host>)'),
}
LAUNCH_COMMANDS = {  # (launcher, tool): how to start the tool with that launcher
    ('pytorch', 'train.py'): 'tools/dist_train.sh CONFIG GPUS',
    ('pytorch', 'test.py'): 'tools/dist_test.sh CONFIG CHECKPOINT GPUS',
    ('slurm', 'train.py'): 'tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR',
}


def check_launcher(launcher, tool):
    """Refuse a ``--launcher`` whose environment is missing, in one line.

    mmengine reads the ranks and the rendezvous from variables that torchrun,
    srun or mpirun set; run by hand, the tool would stop on a ``KeyError``.

    Args:
        launcher (str): ``none``, ``pytorch``, ``slurm`` or ``mpi``.
        tool (str): The tool's file name (``train.py``, ``test.py``).
    """
    names, starter = LAUNCHERS.get(launcher, ((), ''))
    missing = [name for name in names if name not in os.environ]
    if missing:
        how = LAUNCH_COMMANDS.get(
            (launcher, tool), f'{starter.split()[0]} ... tools/{tool} ... '
                              f'--launcher {launcher}')
        raise PossegError(f'--launcher {launcher} needs {missing[0]} in the '
                          f'environment, which {starter} sets; start it with '
                          f'{how}, or leave --launcher out for one process')


def check_device(device):
    """Refuse ``--device cuda`` where torch sees no GPU, in one line."""
    if device == 'cuda' and not torch.cuda.is_available():
        raise PossegError('--device cuda: torch sees no CUDA GPU on this machine; '
                          'use --device cpu, or run it on a machine with a GPU')


def load_config(path, cfg_options=None, work_dir=None):
    """Load a config, merge ``--cfg-options`` and choose the work dir.

    Args:
        path (str): Config file (an mmdet, mmseg or posseg config), or a
            package's config as ``mmdet::solo/solo_r50_fpn_1x_coco.py``.
        cfg_options (dict, optional): ``--cfg-options`` overrides.
        work_dir (str, optional): ``--work-dir``; defaults to the config's
            ``work_dir`` or ``./work_dirs/<config name>``.

    Returns:
        Config: The config, with ``MetricsDumpHook`` (every run leaves
        ``<work_dir>/metrics.json``) and ``SegLabelCheckHook`` (a label that is no
        class stops a segmentor's run in one line) among its custom hooks.
    """
    if '::' in path:  # a package's config, e.g. mmdet::solo/solo_r50_fpn_1x_coco.py
        try:
            cfg = get_config(path)
        except (AssertionError, FileNotFoundError, ValueError) as err:
            raise ConfigNotFoundError(f'config {path!r} not found ({err}); package '
                                      'configs are written mmdet::<dir>/<file>.py '
                                      'or mmseg::<dir>/<file>.py') from None
    elif not osp.isfile(path):
        known = glob.glob(osp.join(ROOT, 'configs', '**', '*.py'), recursive=True)
        names = [osp.relpath(p, ROOT) for p in known if '_base_' not in p]
        close = difflib.get_close_matches(path, names, n=1)
        hint = f'did you mean {close[0]}?' if close else 'see configs/ for the configs'
        raise ConfigNotFoundError(f'config file {path!r} not found; {hint}')
    else:
        cfg = read_config(path)
    if cfg_options:
        check_cfg_options(cfg, cfg_options)
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(path))[0])
    if osp.exists(cfg.work_dir) and not osp.isdir(cfg.work_dir):
        raise ConfigError(f'work dir {cfg.work_dir} is a file; pass --work-dir a '
                          'folder (it is made if missing)')
    hooks = list(cfg.get('custom_hooks') or [])
    for hook in TOOL_HOOKS:
        if not any(h.get('type') == hook['type'] for h in hooks):
            hooks.append(dict(hook))
    cfg.custom_hooks = hooks
    return cfg


def warn(message):
    """Print ``warning: <message>`` as one line on stderr."""
    print(f'warning: {message}', file=sys.stderr, flush=True)


def check_checkpoint(model, path, partial=False):
    """Refuse a checkpoint that is unreadable or does not fit the model.

    Args:
        model (nn.Module): The run's model (e.g. from ``build_model``, on meta).
        path (str): The checkpoint.
        partial (bool): Load what fits: print one line on what does not fit
            instead of refusing.
    """
    report = fit_report(model, state_dict_of(read_checkpoint(path)))
    if report is None:
        return
    if not partial:
        raise CheckpointError(f'checkpoint {path} does not fit the model: {report}; '
                              'check the config, or pass --partial-load to load '
                              'what fits')
    warn(f'partial load of {path}: {report}')


def _dataset_cfgs(cfg):
    """Yield ``(where, dataset cfg)`` for every dataloader, through wrappers."""
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        stack = [(loader + '.dataset', (cfg.get(loader) or {}).get('dataset'))]
        while stack:
            where, ds = stack.pop()
            if not ds:
                continue
            if 'dataset' in ds:
                stack.append((where + '.dataset', ds['dataset']))
            for i, sub in enumerate(ds.get('datasets', [])):
                stack.append((f'{where}.datasets[{i}]', sub))
            if 'dataset' not in ds and 'datasets' not in ds:
                yield where, ds


def check_datasets(cfg, loaders=('train', 'val', 'test')):
    """Raise :class:`DatasetNotFoundError` when a dataset's files are missing.

    Checks ``data_root``, ``ann_file`` and the ``data_prefix`` folders. Datasets
    that write their own data on first use check instead that their ``data_root``
    is a folder they may write into (their ``check_data_root``).

    Args:
        cfg (Config): The loaded config.
        loaders (tuple[str]): Which dataloaders the run will use.
    """
    scope = cfg.get('default_scope')
    for where, ds in _dataset_cfgs(cfg):
        if where.split('_')[0] not in loaders:
            continue
        ds_type = ds.get('type')
        ds_cls = ds_type
        if isinstance(ds_type, str):
            with DATASETS.switch_scope_and_registry(scope) as registry:
                ds_cls = registry.get(ds_type)
        check_data_root = getattr(ds_cls, 'check_data_root', None)
        if check_data_root is not None:
            try:
                check_data_root(ds.get('data_root'))
            except PossegError as err:
                raise type(err)(f'{where}: {err}') from None
            continue
        root = ds.get('data_root') or ''
        paths = [root] if root else []
        if ds.get('ann_file'):
            paths.append(osp.join(root, ds['ann_file']))
        for prefix in (ds.get('data_prefix') or {}).values():
            if isinstance(prefix, str) and prefix:
                paths.append(osp.join(root, prefix))
        for path in paths:
            if not osp.exists(path):
                raise DatasetNotFoundError(
                    f'{path} not found ({where}, type {ds_type}); prepare the '
                    'dataset as data/README.md describes, or point '
                    f'{where}.data_root at it with --cfg-options')
