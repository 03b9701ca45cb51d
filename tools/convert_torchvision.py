"""Convert a torchvision ImageNet checkpoint for posseg's backbones.

    python tools/convert_torchvision.py ARCH SRC DST
    # e.g. vgg16 ~/Downloads/vgg16-397923af.pth data/pretrained/vgg16.pth

ARCH: vgg16, vgg16_bn (posseg's VGG16) or resnet18/34/50/101/152 (mmdet's/mmseg's
ResNet with torchvision's stem). Every backbone weight must be in SRC with its shape
(checked); the classifier is dropped. Use DST in a config as
``backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=DST))``.
"""
import argparse
import os
import os.path as osp

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
import torch

from posseg.models.backbones.torchvision_weights import (BACKBONES,
                                                         convert_torchvision)
from posseg.utils.checkpoints import read_checkpoint, state_dict_of
from posseg.utils.cli import run_main
from posseg.utils.errors import PossegError


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('arch', choices=sorted(BACKBONES))
    parser.add_argument('src', help="torchvision's checkpoint (.pth)")
    parser.add_argument('dst', help='the converted checkpoint to write')
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error (or POSSEG_DEBUG=1)')
    args = parser.parse_args()
    both = osp.isfile(args.src) and osp.isfile(args.dst)
    if both and osp.samefile(args.src, args.dst):
        raise PossegError(f'{args.dst} is the checkpoint to convert; write the '
                          'converted one to another file')
    weights = convert_torchvision(args.arch, state_dict_of(read_checkpoint(args.src)))
    os.makedirs(osp.dirname(osp.abspath(args.dst)), exist_ok=True)
    torch.save(dict(state_dict=weights,
                    meta=dict(arch=args.arch, source=osp.basename(args.src))),
               args.dst)
    print(f'{args.dst}: {len(weights)} weights of {args.arch}\'s backbone')


if __name__ == '__main__':
    run_main(main)
