"""Train a model from an mmdet, mmseg or posseg config (mmdet 3.x interface).

    python tools/train.py configs/solo_coordconv.py [--work-dir DIR] [--resume [CKPT]]
        [--partial-load] [--amp] [--auto-scale-lr] [--cfg-options k=v ...]
        [--launcher none|pytorch|slurm|mpi] [--dry-run] [--debug]

The registry scope comes from the config's ``default_scope``.
"""
import argparse
import glob
import os.path as osp

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)

import torch
from mmengine.logging import print_log
from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from posseg.compat.cpu_distributed import setup_launcher
from posseg.engine.exact_resume import make_resumable
from posseg.utils.checkpoints import resumable_checkpoint
from posseg.utils.cli import (check_checkpoint, check_datasets,
                              load_config, parse_tool_args, run_main,
                              warn)
from posseg.utils.config_errors import build_model
from posseg.utils.errors import PossegError


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
    parser.add_argument(
        '--partial-load', action='store_true',
        help="load_from: load the weights that fit the model, print what does not "
        "(without it a checkpoint that does not fit is refused)")
    return parse_tool_args(parser)


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
        cfg.load_from = resumable_checkpoint(cfg.work_dir, log=warn)
    elif args.resume is not None:
        cfg.resume = True
        cfg.load_from = args.resume


def check_start(cfg, args):
    """Build the model on the meta device (config errors in one line, before any
    log) and check the checkpoint it resumes or loads from."""
    model = build_model(cfg, args.config)
    if cfg.get('load_from'):
        resuming = bool(cfg.get('resume'))
        if resuming and args.partial_load:
            raise PossegError('--partial-load loads weights into a new run; a '
                              'resumed run needs a checkpoint that fits')
        check_checkpoint(model, cfg.load_from, partial=args.partial_load)


def check_schedule(cfg):
    """Refuse a schedule that trains nothing (``max_epochs`` or ``max_iters`` not a
    whole number of 1 or more): 0 ends the run at once with exit 0, no checkpoint
    and no metrics."""
    train_cfg = cfg.get('train_cfg') or {}
    for key in ('max_epochs', 'max_iters'):
        value = train_cfg.get(key, 1)
        if type(value) is not int or value < 1:
            raise PossegError(f'train_cfg.{key} is {value!r}; it takes a whole '
                              f'number of 1 or more (e.g. --cfg-options '
                              f'train_cfg.{key}=1)')


def check_new_run(cfg):
    """Refuse a new (not resumed) run in a work dir that holds the checkpoints of an
    earlier one: it would overwrite them and mix its metrics with theirs."""
    saved = glob.glob(osp.join(cfg.work_dir, '*.pth'))
    if saved and not cfg.get('resume'):
        newest = osp.basename(max(saved, key=osp.getmtime))
        raise PossegError(f'work dir {cfg.work_dir} holds the checkpoints of an '
                          f'earlier run (newest {newest}); pass --resume to continue '
                          'it, or --work-dir another folder for a new run (or remove '
                          'that one to start over there)')


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options, args.work_dir)
    apply_train_args(cfg, args)
    check_schedule(cfg)
    check_new_run(cfg)
    check_start(cfg, args)
    check_datasets(cfg, ('train', 'val') if cfg.get('val_cfg') else ('train',))
    if args.dry_run:
        print(f'{args.config}: config, checkpoint and datasets checked; nothing '
              'trained (--dry-run)')
        return
    make_resumable(cfg)
    setup_launcher(cfg, args.launcher)
    runner = (Runner.from_cfg(cfg) if 'runner_type' not in cfg
              else RUNNERS.build(cfg))
    runner.train()


if __name__ == '__main__':
    run_main(main)
