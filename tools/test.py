"""Evaluate a checkpoint with an mmdet, mmseg or posseg config (mmdet 3.x interface).

    python tools/test.py CONFIG CHECKPOINT [--work-dir DIR] [--out FILE] [--show-dir DIR]
        [--partial-load] [--cfg-options k=v ...] [--launcher none|pytorch|slurm|mpi]
        [--dry-run] [--debug]

Metrics are logged and appended to ``<work_dir>/metrics.json`` under ``test``.
``--out``: mmdet configs dump predictions to a .pkl file; mmseg configs write
prediction maps into the folder ``--out``.
"""
import argparse
import os.path as osp

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)

from mmengine.registry import RUNNERS
from mmengine.runner import Runner

from posseg.compat.cpu_distributed import setup_launcher
from posseg.utils.cli import (check_checkpoint, check_datasets,
                              load_config, parse_tool_args, run_main)
from posseg.utils.config_errors import build_model
from posseg.utils.errors import PossegError


def parse_args():
    parser = argparse.ArgumentParser(description='Test (and evaluate) a model')
    parser.add_argument('config', help='test config file path')
    parser.add_argument('checkpoint', help='checkpoint file')
    parser.add_argument('--work-dir', help='the dir to save evaluation metrics')
    parser.add_argument(
        '--out', help='mmdet: .pkl file for the predictions; mmseg: folder for '
        'the prediction maps')
    parser.add_argument('--show-dir', help='folder to save drawn predictions to')
    parser.add_argument(
        '--partial-load', action='store_true',
        help="load the weights that fit the model, print what does not (without "
        "it a checkpoint that does not fit is refused)")
    return parse_tool_args(parser)


def apply_test_args(cfg, args):
    """Apply the checkpoint, ``--out`` and ``--show-dir`` to the config."""
    cfg.load_from = args.checkpoint
    scope = cfg.get('default_scope')
    if args.show_dir:
        if 'visualization' not in cfg.default_hooks:
            raise PossegError('--show-dir needs default_hooks.visualization in '
                              'the config')
        cfg.default_hooks.visualization.draw = True
        if scope == 'mmseg':
            cfg.default_hooks.visualization.interval = 1
            cfg.visualizer.save_dir = args.show_dir
        else:
            cfg.default_hooks.visualization.test_out_dir = args.show_dir
    for option, path in (('--out', args.out if scope == 'mmseg' else None),
                         ('--show-dir', args.show_dir)):
        if path and osp.exists(path) and not osp.isdir(path):
            raise PossegError(f'{option} {path} is a file; it takes a folder (made '
                              'if missing) for the prediction maps')
    if args.out and scope == 'mmseg':
        cfg.test_evaluator.output_dir = args.out
        cfg.test_evaluator.keep_results = True
    elif args.out and not args.out.endswith(('.pkl', '.pickle')):
        raise PossegError(f'--out {args.out!r}: the output file must be a .pkl')


def main():
    args = parse_args()
    cfg = load_config(args.config, args.cfg_options, args.work_dir)
    apply_test_args(cfg, args)
    check_checkpoint(build_model(cfg, args.config), args.checkpoint,
                     partial=args.partial_load)
    check_datasets(cfg, ('test',))
    if args.dry_run:
        print(f'{args.config}: config, checkpoint and test dataset checked; nothing '
              'tested (--dry-run)')
        return
    setup_launcher(cfg, args.launcher)
    runner = (Runner.from_cfg(cfg) if 'runner_type' not in cfg
              else RUNNERS.build(cfg))
    if args.out and cfg.get('default_scope') != 'mmseg':
        from mmdet.evaluation import DumpDetResults
        runner.test_evaluator.metrics.append(DumpDetResults(out_file_path=args.out))
    runner.test()


if __name__ == '__main__':
    run_main(main)
