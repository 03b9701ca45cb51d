"""Forward+backward time of each padding mode and of CoordConv2d, side by side.

    python tools/benchmark_layers.py [--repeats 20] [--device cpu|cuda]

For ResNet-50 stage shapes (3x3 convs of layer1 and layer3 at 224 px), each candidate
is timed against its reference in alternation within one run: ``PadConv2d`` with a
torch-native mode against ``nn.Conv2d`` with that mode; the posseg modes against
``nn.Conv2d`` with zeros; ``CoordConv2d`` against ``nn.Conv2d`` with C+2 input
channels fed an input that already has them; the wrapped resampling of circular
heads (``interpolate_wrapped``: a 2x upsampling and a resize to a 12 x 12 grid) against
``F.interpolate``. Reports medians and the median of the per-repeat ratios
(candidate / reference) as a markdown table.
"""
import argparse
import statistics
import time

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
import torch
import torch.nn as nn
import torch.nn.functional as F

from posseg.layers import (NATIVE_MODES, POSSEG_MODES, CoordConv2d, PadConv2d,
                           interpolate_wrapped)
from posseg.utils.cli import check_device, count, positive, run_main

SHAPES = {  # name: (batch, channels, size)
    'layer1 3x3 (N=8, 64 ch, 56 px)': (8, 64, 56),
    'layer3 3x3 (N=8, 256 ch, 14 px)': (8, 256, 14),
}


class Resize(nn.Module):
    """``resize(x, **kwargs)`` as a module, for timing."""

    def __init__(self, resize, **kwargs):
        super().__init__()
        self.resize, self.kwargs = resize, kwargs

    def forward(self, x):
        return self.resize(x, mode='bilinear', **self.kwargs)


def cases(channels):
    """Yield ``(name, candidate, reference, extra input channels of reference)``."""
    for mode in NATIVE_MODES:
        yield (f'PadConv2d {mode}', PadConv2d(channels, channels, 3, padding=1,
                                              padding_mode=mode),
               nn.Conv2d(channels, channels, 3, padding=1, padding_mode=mode), 0)
    for mode in POSSEG_MODES + ('zero',):
        yield (f'PadConv2d {mode}', PadConv2d(channels, channels, 3, padding=1,
                                              padding_mode=mode),
               nn.Conv2d(channels, channels, 3, padding=1), 0)
    yield ('CoordConv2d zeros', CoordConv2d(channels, channels, 3, padding=1),
           nn.Conv2d(channels + 2, channels, 3, padding=1), 2)
    for name, kwargs in (('2x upsampling', dict(scale_factor=2)),
                         ('resize to 12 x 12', dict(size=12))):
        yield (f'wrapped {name}', Resize(interpolate_wrapped, **kwargs),
               Resize(F.interpolate, **kwargs), 0)


def step_time(module, x, device):
    """Seconds of one forward + backward."""
    if device == 'cuda':
        torch.cuda.synchronize()
    start = time.perf_counter()
    module(x).sum().backward()
    if device == 'cuda':
        torch.cuda.synchronize()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeats', type=positive, default=20)
    parser.add_argument('--warmup', type=count, default=3)
    parser.add_argument('--device', default='cpu', choices=['cpu', 'cuda'])
    args = parser.parse_args()
    check_device(args.device)
    device = args.device
    print(f'torch {torch.__version__}, {device}, {torch.get_num_threads()} threads, '
          f'median of {args.repeats} repeats after {args.warmup} warm-up')
    for shape_name, (n, c, s) in SHAPES.items():
        print(f'\n{shape_name}\n\n| candidate | candidate ms | reference ms | '
              'ratio (median of per-repeat ratios) |\n|---|---|---|---|')
        for name, cand, ref, extra in cases(c):
            cand, ref = cand.to(device), ref.to(device)
            x = torch.randn(n, c, s, s, device=device, requires_grad=True)
            x_ref = torch.randn(n, c + extra, s, s, device=device, requires_grad=True)
            times = ([], [])
            for i in range(args.warmup + args.repeats):
                if i % 2:  # alternate which of the two runs first
                    ref_t = step_time(ref, x_ref, device)
                    cand_t = step_time(cand, x, device)
                else:
                    cand_t = step_time(cand, x, device)
                    ref_t = step_time(ref, x_ref, device)
                if i >= args.warmup:
                    times[0].append(cand_t)
                    times[1].append(ref_t)
            ratios = [a / b for a, b in zip(*times)]
            print(f'| {name} | {statistics.median(times[0]) * 1e3:.2f} | '
                  f'{statistics.median(times[1]) * 1e3:.2f} | '
                  f'{statistics.median(ratios):.3f} |', flush=True)


if __name__ == '__main__':
    run_main(main)
