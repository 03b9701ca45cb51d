"""What tools/train.py and tools/test.py share: config loading, pre-flight checks,
the CPU fallback of distributed runs, and one-line errors."""
import difflib
import glob
import os
import os.path as osp
import sys

import torch
from mmengine.config import Config, DictAction
from mmengine.hub import get_config
from mmengine.registry import DATASETS

from .errors import ConfigNotFoundError, DatasetNotFoundError, PossegError

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
METRICS_HOOK = dict(type='MetricsDumpHook')


def run_main(main):
    """Run a tool's ``main``; print a :class:`PossegError` as one line and exit 1.

    A distributed run's process group is destroyed before the process exits: left
    to interpreter teardown, gloo's worker threads can abort a rank after training
    finished ("terminate called without an active exception", pytorch#190489).
    """
    try:
        main()
    except PossegError as err:
        sys.exit(f'error: {err}')
    finally:
        if torch.distributed.is_initialized():
            torch.distributed.destroy_process_group()


def parse_tool_args(parser):
    """Add the options train.py and test.py share, parse, export ``LOCAL_RANK``.

    Args:
        parser (argparse.ArgumentParser): The tool's parser with its own options.

    Returns:
        argparse.Namespace: The parsed arguments.
    """
    parser.add_argument(
        '--cfg-options', nargs='+', action=DictAction,
        help='override config settings, key=value (e.g. train_cfg.max_epochs=1)')
    parser.add_argument(
        '--launcher', choices=['none', 'pytorch', 'slurm', 'mpi'],
        default='none', help='job launcher')
    parser.add_argument('--local_rank', '--local-rank', type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault('LOCAL_RANK', str(args.local_rank))
    return args


def load_config(path, cfg_options=None, work_dir=None):
    """Load a config, merge ``--cfg-options`` and choose the work dir.

    Args:
        path (str): Config file (an mmdet, mmseg or posseg config), or a
            package's config as ``mmdet::solo/solo_r50_fpn_1x_coco.py``.
        cfg_options (dict, optional): ``--cfg-options`` overrides.
        work_dir (str, optional): ``--work-dir``; defaults to the config's
            ``work_dir`` or ``./work_dirs/<config name>``.

    Returns:
        Config: The config, with ``MetricsDumpHook`` among its custom hooks so that
        every run leaves ``<work_dir>/metrics.json``.
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
        cfg = Config.fromfile(path)
    if cfg_options:
        cfg.merge_from_dict(cfg_options)
    if work_dir is not None:
        cfg.work_dir = work_dir
    elif cfg.get('work_dir') is None:
        cfg.work_dir = osp.join('./work_dirs', osp.splitext(osp.basename(path))[0])
    hooks = cfg.get('custom_hooks') or []
    if not any(h.get('type') == METRICS_HOOK['type'] for h in hooks):
        cfg.custom_hooks = [*hooks, METRICS_HOOK]
    return cfg


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

    Datasets that write their own data on first use (``generates_data = True``)
    are skipped. Checks ``data_root``, ``ann_file`` and the ``data_prefix`` folders.

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
        if getattr(ds_cls, 'generates_data', False):
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


def setup_launcher(cfg, launcher):
    """Set ``cfg.launcher``; on a machine without GPUs run distributed on gloo.

    mmengine's pytorch launcher always calls ``torch.cuda.set_device`` and wraps
    the model with ``device_ids=[LOCAL_RANK]``; both fail without a GPU. Here the
    process group is opened on gloo first (mmengine then skips its own init) and
    DDP is built with ``device_ids=None``, so ``tools/dist_train.sh CONFIG 2``
    runs two CPU processes.

    Args:
        cfg (Config): The loaded config.
        launcher (str): ``none``, ``pytorch``, ``slurm`` or ``mpi``.
    """
    cfg.launcher = launcher
    if launcher != 'pytorch' or torch.cuda.is_available():
        return
    if 'LOCAL_RANK' not in os.environ:
        raise PossegError('--launcher pytorch needs torchrun\'s environment; '
                          'start it with tools/dist_train.sh CONFIG NUM_PROCS')
    if not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')
    wrapper = dict(type='MMDistributedDataParallel', broadcast_buffers=False,
                   find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper.update(cfg.get('model_wrapper_cfg') or {})
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
