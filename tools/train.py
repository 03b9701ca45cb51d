"""Train a model from an mmdet, mmseg or posseg config (mmdet 3.x interface).

    python tools/train.py configs/solo_coordconv.py [--work-dir DIR] [--resume [CKPT]]
        [--amp] [--auto-scale-lr] [--cfg-options k=v ...] [--launcher none|pytorch|slurm|mpi]

The registry scope comes from the config's ``default_scope``.
"""
import argparse
import glob
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))
try:
    import posseg  # noqa: F401  (registers posseg's modules; checks mmcv's ops)
except ImportError as err:
    sys.exit(f'error: {err}')

import torch  # noqa: E402
from mmengine.logging import print_log  # noqa: E402
from mmengine.registry import RUNNERS  # noqa: E402
from mmengine.runner import Runner  # noqa: E402

from posseg.utils.cli import (check_datasets, load_config,  # noqa: E402
                              parse_tool_args, run_main, setup_launcher)
from posseg.utils.errors import PossegError  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description='Train a model')
    parser.add_argument('config', help='train config file path')
    parser.add_argument('--work-dir', help='the dir to save logs and models')
    parser.add_argument(
        '--amp', action='store_true',
        help='enable automatic-mixed-precision training (GPU only)')
    parser.add_argument(
        '--auto-scale-lr', action='store_true',
        help='scale the learning rate by total batch size / base_batch_size')
    parser.add_argument(
        '--resume', nargs='?', type=str, const='auto',
        help='resume from this checkpoint; without a path, from the last '
        'checkpoint in the work dir')
    return parse_tool_args(parser)


def latest_checkpoint(work_dir):
    """The checkpoint ``--resume`` continues from.

    The one ``last_checkpoint`` names; if a kill left that file empty (mmengine
    rewrites it after each save) or naming a missing file, the newest ``.pth``.

    Returns:
        str | None: None when the work dir has no checkpoint (train from scratch).
    """
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip()
        if named and osp.isfile(named):
            return named
    saved = glob.glob(osp.join(work_dir, '*.pth'))
    return max(saved, key=osp.getmtime) if saved else None


def apply_train_args(cfg, args):
    """Apply ``--amp``, ``--auto-scale-lr`` and ``--resume`` to the config."""
    if args.amp:
        if not torch.cuda.is_available():
            raise PossegError('--amp needs a GPU (mmengine\'s AmpOptimWrapper); '
                              'drop --amp to train in fp32 on the CPU')
        if cfg.optim_wrapper.get('type', 'OptimWrapper') == 'AmpOptimWrapper':
            print_log('AMP training is already enabled in the config.',
                      logger='current')
        elif cfg.optim_wrapper.get('type', 'OptimWrapper') != 'OptimWrapper':
            raise PossegError('--amp needs optim_wrapper.type OptimWrapper, got '
                              f'{cfg.optim_wrapper.type}; set it in the config')
        else:
            cfg.optim_wrapper.type = 'AmpOptimWrapper'
            cfg.optim_wrapper.loss_scale = 'dynamic'
    if args.auto_scale_lr:
        if 'base_batch_size' not in (cfg.get('auto_scale_lr') or {}):
            raise PossegError('--auto-scale-lr needs auto_scale_lr = dict('
                              'enable=False, base_batch_size=N) in the config')
        cfg.auto_scale_lr.enable = True
    if args.resume == 'auto':
        cfg.resume = True
        cfg.load_from = latest_checkpoint(cfg.work_dir)
    elif args.resume is not None:
        if not osp.isfile(args.resume):
            raise PossegError(f'checkpoint {args.resume!r} not found; pass a .pth '
                              'file, or --resume alone to take the work dir\'s last')
        cfg.resume = True
        cfg.load_from = args.resume


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options, args.work_dir)
    apply_train_args(cfg, args)
    check_datasets(cfg, ('train', 'val') if cfg.get('val_cfg') else ('train',))
    setup_launcher(cfg, args.launcher)
    runner = (Runner.from_cfg(cfg) if 'runner_type' not in cfg
              else RUNNERS.build(cfg))
    runner.train()


if __name__ == '__main__':
    run_main(main)
