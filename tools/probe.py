"""Probe how much absolute position an encoder holds (PosENet; Islam et al. 2020).

    python tools/probe.py CONFIG [CHECKPOINT] [--gt H V G HS VS]
        [--inputs natural black white noise] [--work-dir DIR] [--with-neck]
        [--epochs N] [--length N] [--size PX] [--batch-size N] [--image-dir DIR]
        [--test-image-dir DIR] [--seed S] [--debug]

CONFIG is a probe config (configs/probe/) or any mmdet/mmseg model config; with
CHECKPOINT the encoder is that trained model's backbone (and neck with --with-neck),
every weight checked. One readout per ground-truth map is trained on natural images
and tested on each input type; the tool prints the table (SPC / MAE per map and
input) and writes <work-dir>/probe.json ({gt: {input: {"spc", "mae"}}}) and
<work-dir>/probe.png (predicted maps beside the ground truth). Run again with the
same checkpoint and settings, it skips maps already done and resumes an interrupted
one; with others it stops and names what differs (``made_from.json`` of each map).
"""
import argparse
import json
import os
import os.path as osp

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)

from posseg.datasets.position_map_dataset import INPUT_TYPES
from posseg.datasets.position_maps import KINDS
from posseg.engine.position_probe import (DEFAULT_SETTINGS, draw_readouts,
                                          probe_model_cfg, run_probe)
from posseg.utils.cli import load_config, positive, run_main
from posseg.utils.checkpoints import read_checkpoint


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('config', help='probe config or mmdet/mmseg model config')
    parser.add_argument('checkpoint', nargs='?', help="the trained model's weights")
    parser.add_argument('--gt', nargs='+', default=list(KINDS), choices=KINDS)
    parser.add_argument('--inputs', nargs='+', default=list(INPUT_TYPES),
                        choices=INPUT_TYPES)
    parser.add_argument('--work-dir', help='default work_dirs/probe/<config name>')
    parser.add_argument('--with-neck', action='store_true',
                        help="read the neck's outputs (a model config's neck)")
    for name in ('epochs', 'length', 'size', 'batch_size', 'seed'):
        parser.add_argument('--' + name.replace('_', '-'),
                            type=int if name == 'seed' else positive,
                            help=f'default {DEFAULT_SETTINGS[name]}')
    parser.add_argument('--image-dir', help='training photographs (default: '
                        "skimage.data's training set)")
    parser.add_argument('--test-image-dir', help='test photographs')
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error (or POSSEG_DEBUG=1)')
    return parser.parse_args()


def table(results, inputs):
    """The printed table: a row per map, SPC / MAE per input type."""
    lines = ['| GT | ' + ' | '.join(inputs) + ' |',
             '|---|' + '---|' * len(inputs)]
    for gt, row in results.items():
        lines.append(f'| {gt} | ' + ' | '.join(
            f"{row[t]['spc']:.3f} / {row[t]['mae']:.3f}" for t in inputs) + ' |')
    return '\n'.join(lines)


def main():
    args = parse_args()
    name = osp.splitext(osp.basename(args.config))[0]
    work_dir = args.work_dir or osp.join('work_dirs', 'probe', name)
    cfg = load_config(args.config, None, work_dir)
    if args.checkpoint:
        read_checkpoint(args.checkpoint)  # a missing or damaged file: one line
    model = probe_model_cfg(cfg, args.checkpoint, args.with_neck)
    settings = dict(cfg.get('probe', {}))
    settings.update({k: v for k, v in vars(args).items()
                     if k in DEFAULT_SETTINGS and v is not None})
    os.makedirs(work_dir, exist_ok=True)
    results, readouts = run_probe(model, work_dir, args.gt, args.inputs, settings)
    with open(osp.join(work_dir, 'probe.json'), 'w') as f:
        json.dump(results, f, indent=1)
    draw_readouts(readouts, args.inputs, osp.join(work_dir, 'probe.png'))
    print(f'position probe of {args.config}'
          + (f' ({args.checkpoint})' if args.checkpoint else '') + ': SPC / MAE')
    print(table(results, args.inputs))
    print(f'wrote {work_dir}/probe.json and probe.png')


if __name__ == '__main__':
    run_main(main)
