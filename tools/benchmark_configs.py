"""Training throughput of model configs, side by side in one run.

    python tools/benchmark_configs.py BASELINE CONFIG [CONFIG ...]
        [--device cpu|cuda] [--batch-size 2] [--image-size 800 1344]
        [--steps 50] [--warmup 5] [--threads N] [--cudnn-benchmark]

Builds each config's model and optimizer (``optim_wrapper``; no pretrained weights
are loaded) and feeds every model the same synthetic batch: random images of
``--image-size`` with four rectangles each, as instances (mmdet detectors) or as
regions of a label map (mmseg segmentors, e.g. ``mmseg::fcn/...`` and
``configs/seg/*``), through the model's own data preprocessor. The configs of one
run are all detectors or all segmentors. Steps (forward, backward, optimizer step)
alternate between the configs so that all of them see the same machine conditions.
Prints a markdown table: median seconds per step, images/s, the ratio of images/s to
BASELINE and, on a GPU, the peak memory of a step. ``--cudnn-benchmark`` lets cuDNN
time its algorithms for each shape, as ``env_cfg = dict(cudnn_benchmark=True)`` does
in training.
"""
import argparse
import statistics
import sys
import time

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
import torch

try:
    from mmdet.structures import DetDataSample
    from mmdet.structures.mask import BitmapMasks
    from mmengine.optim import build_optim_wrapper
    from mmengine.registry import MODELS, DefaultScope
    from mmengine.structures import InstanceData, PixelData
    from mmseg.structures import SegDataSample

    from posseg.utils.cli import (check_device, count, int_at_least, load_config,
                                  positive, run_main)
    from posseg.utils.errors import PossegError
except ImportError as err:
    sys.exit(f'error: {err}')


def _rectangles(rng, height, width):
    """Four random rectangles: (x, y, w, h) each, a quarter to half the image."""
    for _ in range(4):
        h = int(torch.randint(height // 8, height // 2, (1,), generator=rng))
        w = int(torch.randint(width // 8, width // 2, (1,), generator=rng))
        y = int(torch.randint(0, height - h, (1,), generator=rng))
        x = int(torch.randint(0, width - w, (1,), generator=rng))
        yield x, y, w, h


def synthetic_batch(batch_size, height, width, num_classes, segmentation=False,
                    seed=0):
    """A batch as a dataloader gives it: uint8 images and Det- or SegDataSamples.

    Args:
        segmentation (bool): Label maps (``gt_sem_seg``: background 0, rectangles
            of classes 1..num_classes-1) instead of instances.

    Returns:
        dict: ``inputs`` (list of (3, H, W) uint8 tensors) and ``data_samples``.
    """
    rng = torch.Generator().manual_seed(seed)
    inputs, samples = [], []
    meta = dict(img_shape=(height, width), ori_shape=(height, width),
                pad_shape=(height, width), scale_factor=(1.0, 1.0))
    for _ in range(batch_size):
        inputs.append(torch.randint(0, 256, (3, height, width), generator=rng,
                                    dtype=torch.uint8))
        rects = list(_rectangles(rng, height, width))
        labels = torch.randint(1 if segmentation else 0, num_classes, (4,),
                               generator=rng)
        if segmentation:
            label_map = torch.zeros(1, height, width, dtype=torch.long)
            for (x, y, w, h), label in zip(rects, labels):
                label_map[:, y:y + h, x:x + w] = label
            sample = SegDataSample(metainfo=meta)
            sample.gt_sem_seg = PixelData(data=label_map)
        else:
            masks = torch.zeros(4, height, width, dtype=torch.uint8)
            for k, (x, y, w, h) in enumerate(rects):
                masks[k, y:y + h, x:x + w] = 1
            sample = DetDataSample(metainfo=meta)
            sample.gt_instances = InstanceData(
                bboxes=torch.tensor([[x, y, x + w, y + h] for x, y, w, h in rects],
                                    dtype=torch.float32),
                labels=labels, masks=BitmapMasks(masks.numpy(), height, width))
        samples.append(sample)
    return dict(inputs=inputs, data_samples=samples)


def build(config, device):
    """Model and optim wrapper of an mmdet or mmseg config, on ``device``."""
    cfg = load_config(config)
    cfg.model.backbone.init_cfg = None  # nothing to download; speed is the same
    if 'pretrained' in cfg.model:  # mmseg's way of asking for weights
        cfg.model.pretrained = None
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope', 'mmdet')):
        model = MODELS.build(cfg.model)
    model.init_weights()
    model.to(device).train()
    return model, build_optim_wrapper(model, cfg.optim_wrapper)


def train_step(model, optim_wrapper, batch, device):
    """Seconds and peak memory (bytes, 0 on the CPU) of one training step."""
    if device == 'cuda':
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    start = time.perf_counter()
    model.train_step(batch, optim_wrapper)
    if device == 'cuda':
        torch.cuda.synchronize()
    peak = torch.cuda.max_memory_allocated() if device == 'cuda' else 0
    return time.perf_counter() - start, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('configs', nargs='+', help='the first is the baseline')
    parser.add_argument('--device', default='cuda' if torch.cuda.is_available()
                        else 'cpu', choices=['cpu', 'cuda'])
    parser.add_argument('--batch-size', type=positive, default=2)
    parser.add_argument('--image-size', type=int_at_least(2, 'side in pixels'),
                        nargs=2, default=[800, 1344], metavar=('H', 'W'))
    parser.add_argument('--steps', type=positive, default=50, help='timed steps each')
    parser.add_argument('--warmup', type=count, default=5, help='untimed steps each')
    parser.add_argument('--threads', type=positive, help='torch CPU threads')
    parser.add_argument('--cudnn-benchmark', action='store_true',
                        help='torch.backends.cudnn.benchmark = True')
    args = parser.parse_args()
    check_device(args.device)
    torch.backends.cudnn.benchmark = args.cudnn_benchmark
    if args.threads:
        torch.set_num_threads(args.threads)
    runs = {}
    for config in args.configs:
        model, optim_wrapper = build(config, args.device)
        runs[config] = (model, optim_wrapper, [], [])
    kinds = {hasattr(model, 'decode_head') for model, *_ in runs.values()}
    if len(kinds) > 1:
        raise PossegError('the configs mix detectors and segmentors; benchmark '
                          'each kind in its own run')
    segmentation = kinds.pop()
    num_classes = min(  # labels every model takes
        getattr(model.decode_head if segmentation else model.mask_head,
                'num_classes', 80) for model, *_ in runs.values())
    batch = synthetic_batch(args.batch_size, *args.image_size, num_classes,
                            segmentation)
    total = args.warmup + args.steps
    for step in range(total):
        for config, (model, optim_wrapper, times, peaks) in runs.items():
            seconds, peak = train_step(model, optim_wrapper, batch, args.device)
            if step >= args.warmup:
                times.append(seconds)
                peaks.append(peak)
        if (step + 1) % 10 == 0 or step + 1 == total:
            print(f'step {step + 1}/{total} of each of {len(runs)} configs',
                  flush=True)

    base = statistics.median(runs[args.configs[0]][2])
    h, w = args.image_size
    print(f'\n{args.device}, batch {args.batch_size} x {h}x{w} px, median of '
          f'{args.steps} steps (after {args.warmup} warm-up), alternating configs'
          + (', cudnn.benchmark' if args.cudnn_benchmark else '') + '\n')
    header = '| config | s/step | images/s | vs baseline |'
    rule = '|---|---|---|---|'
    if args.device == 'cuda':
        header, rule = header + ' peak GiB |', rule + '---|'
    print(header)
    print(rule)
    for config, (_, _, times, peaks) in runs.items():
        median = statistics.median(times)
        row = (f'| {config} | {median:.3f} | {args.batch_size / median:.2f} | '
               f'{base / median:.3f} |')
        if args.device == 'cuda':
            row += f' {max(peaks) / 2**30:.2f} |'
        print(row)


if __name__ == '__main__':
    run_main(main)
