"""Benchmark a training command: wall time, peak memory, seconds per iteration.

    python tools/benchmark_run.py --work-dir work_dirs/solo_coordconv -- make demo

Runs the command, samples the resident memory of its whole process tree (the trainer
and its dataloader workers) every 0.2 s, then reads the run's per-iteration times
(mmengine's ``vis_data/scalars.json``, newest run in the work dir) and the last
validation metrics (``metrics.json``) and prints a markdown table.
"""
import argparse
import glob
import json
import os
import os.path as osp
import statistics
import subprocess
import sys
import time

PAGE = os.sysconf('SC_PAGE_SIZE')


def tree_rss(root_pid):
    """Resident bytes of ``root_pid`` and all its descendants (Linux /proc)."""
    parents, rss = {}, {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                parents[int(entry)] = int(f.read().rsplit(')', 1)[1].split()[1])
            with open(f'/proc/{entry}/statm') as f:
                rss[int(entry)] = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        children = [p for p, pp in parents.items() if pp == pid and p not in tree]
        tree.update(children)
        frontier += children
    return sum(rss.get(p, 0) for p in tree)


def iteration_times(work_dir):
    """Logged seconds per iteration of the newest run (each a logger-window mean)."""
    runs = sorted(glob.glob(osp.join(work_dir, '*', 'vis_data', 'scalars.json')))
    if not runs:
        return []
    with open(runs[-1]) as f:
        rows = [json.loads(line) for line in f]
    return [r['time'] for r in rows if 'time' in r and 'loss' in r]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--work-dir', required=True,
                        help='the work dir the command trains into')
    parser.add_argument('command', nargs=argparse.REMAINDER,
                        help='-- the command, e.g. make demo')
    args = parser.parse_args()
    command = [c for c in args.command if c != '--'] or ['make', 'demo']
    start = time.perf_counter()
    proc = subprocess.Popen(command)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.2)
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f'error: {" ".join(command)} exited with {proc.returncode}')
    times = iteration_times(args.work_dir)[1:]  # the first window holds warm-up
    metrics = {}
    if osp.exists(osp.join(args.work_dir, 'metrics.json')):
        with open(osp.join(args.work_dir, 'metrics.json')) as f:
            val = json.load(f)['val']
        metrics = val[-1]['metrics'] if val else {}
    print(f'\n| {" ".join(command)} | value |\n|---|---|')
    print(f'| wall time | {wall / 60:.1f} min ({wall:.0f} s) |')
    print(f'| peak memory, process tree RSS | {peak / 2**30:.2f} GiB |')
    if times:
        q1, med, q3 = statistics.quantiles(times, n=4)
        print(f'| s / training iteration, median (IQR) | {med:.3f} '
              f'({q1:.3f}-{q3:.3f}), {len(times)} logged windows |')
    for key in ('coco/segm_mAP', 'coco/segm_mAP_50', 'coco/segm_mAP_75'):
        if key in metrics:
            print(f'| {key} | {metrics[key]:.3f} |')


if __name__ == '__main__':
    main()
