"""Write posseg's embedded datasets to data/ (configs also do it on first use).

    python tools/prepare_data.py
        {synthetic_instances,synthetic_saliency,synthetic_semantic} [--out DIR]
        [--num-train N] [--num-val N] [--image-size PX] [--seed S]
        [--center-sigma SIGMA|none]  (synthetic_saliency: its centre bias)
        [--wrap]                     (synthetic_saliency: the image is a torus)
"""
import argparse
import os.path as osp

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
from posseg.datasets import (generate_synthetic_instances,
                             generate_synthetic_saliency, generate_synthetic_semantic)
from posseg.utils.cli import run_main

GENERATORS = dict(synthetic_instances=generate_synthetic_instances,
                  synthetic_saliency=generate_synthetic_saliency,
                  synthetic_semantic=generate_synthetic_semantic)


def center_sigma(text):
    """``--center-sigma``: a positive fraction of the side, or ``none``."""
    return None if text.lower() == 'none' else float(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('dataset', choices=sorted(GENERATORS))
    parser.add_argument('--out', help='output folder (default data/<dataset>)')
    parser.add_argument('--num-train', type=int)
    parser.add_argument('--num-val', type=int)
    parser.add_argument('--image-size', type=int)
    parser.add_argument('--seed', type=int)
    parser.add_argument('--center-sigma', type=center_sigma, default=False,
                        help='synthetic_saliency: spread of the salient object '
                        "around the image centre (fraction of the side), or 'none' "
                        'for uniform placement')
    parser.add_argument('--wrap', action='store_true',
                        help='synthetic_saliency: objects cross the image edge and '
                        'come back on the other side, over a periodic background '
                        '(no pixel more likely salient than another)')
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error (or POSSEG_DEBUG=1)')
    args = parser.parse_args()
    synthesis = {k: v for k, v in dict(
        num_train=args.num_train, num_val=args.num_val,
        image_size=args.image_size, seed=args.seed).items() if v is not None}
    if args.center_sigma is not False:
        if args.dataset != 'synthetic_saliency':
            parser.error('--center-sigma is a parameter of synthetic_saliency only')
        synthesis['center_sigma'] = args.center_sigma
    if args.wrap:
        if args.dataset != 'synthetic_saliency':
            parser.error('--wrap is a parameter of synthetic_saliency only')
        synthesis['wrap'] = True
    out = args.out or osp.join('data', args.dataset)
    GENERATORS[args.dataset](out, **synthesis)
    print(f'{args.dataset} ready in {out}')


if __name__ == '__main__':
    run_main(main)
