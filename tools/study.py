"""Run a study: its base config under each variant and seed, then its report.

    python tools/study.py configs/studies/<name>.py [--work-dir DIR]
        [--launcher local|slurm] [--gpus N] [--order variant|seed] [--dry-run]
        [--variants V [V ...]] [--seeds S [S ...]]   (a subset of the runs)
        [--previous results.csv [other.csv:theirs=ours ...]]   (runs finished
        elsewhere: not run again)
        [--partition P --gpus-per-node G --cpus-per-task C]   (slurm)

local: runs one after another with tools/train.py (tools/dist_train.sh with --gpus),
skipping finished runs and resuming interrupted ones, then writes the report
(tools/analyze_study.py); runs trained under another definition of the study stop it
before anything trains. slurm: submits each unfinished run with sbatch and
returns; run tools/analyze_study.py when the jobs are done. A probe study (one with
``probe = dict(...)``) runs tools/probe.py instead of training, on one device.
"""
import argparse
import os.path as osp
import sys

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
from posseg.study import (StudyError, check_distinct, check_unchanged, load_study,
                          plan_runs, read_previous, run_local, submit_slurm,
                          write_report)
from posseg.utils.cli import count, positive, run_main
from posseg.utils.paths import ROOT


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('study', help='study definition, configs/studies/<name>.py')
    parser.add_argument('--work-dir', help='default: work_dirs/studies/<name>')
    parser.add_argument('--launcher', choices=['local', 'slurm'], default='local')
    parser.add_argument('--gpus', type=count, default=0,
                        help='processes per run: local runs go through '
                        'tools/dist_train.sh, slurm jobs ask for this many GPUs')
    parser.add_argument('--order', choices=['variant', 'seed'], default='variant',
                        help='run all seeds of a variant before the next '
                        '(variant), or every variant once per seed (seed: a '
                        'study cut short still covers every variant)')
    parser.add_argument('--variants', nargs='+', metavar='V',
                        help='run only these variants (the report still '
                        'covers the whole study)')
    parser.add_argument('--seeds', nargs='+', type=int, metavar='S',
                        help='run only these seeds')
    parser.add_argument('--previous', metavar='CSV', nargs='+', default=[],
                        help="results.csv of earlier reports of this study (e.g. "
                        "docs/results/<name>.csv): their finished runs are not run "
                        "again and enter the report; another study's table as "
                        "other.csv:their-variant=our-variant[,...]")
    parser.add_argument('--dry-run', action='store_true',
                        help="write the run configs and print the commands that "
                        "train them; train nothing")
    parser.add_argument('--debug', action='store_true',
                        help='show the traceback of an error (or POSSEG_DEBUG=1)')
    parser.add_argument('--partition', help='slurm partition')
    parser.add_argument('--gpus-per-node', type=positive, default=8)
    parser.add_argument('--cpus-per-task', type=positive, default=5)
    return parser.parse_args()


def main():
    args = parse_args()
    study = load_study(args.study, ROOT)
    work_dir = osp.abspath(args.work_dir or osp.join('work_dirs', 'studies',
                                                     study.name))
    if osp.exists(work_dir) and not osp.isdir(work_dir):
        raise StudyError(f'study work dir {work_dir} is a file; pass --work-dir a '
                         'folder (it is made if missing)')
    runs = plan_runs(study, work_dir, args.order, args.variants, args.seeds)
    check_distinct(study, work_dir)
    previous = read_previous(study, args.previous, work_dir)
    done = [run for run in runs if (run.variant, run.seed) in previous]
    if done:
        runs = [run for run in runs if run not in done]
        sources = sorted({previous[run.variant, run.seed]['source'] for run in done})
        print(f'{len(done)} runs finished earlier ({", ".join(sources)}): '
              'not run again')
    check_unchanged(study, runs, work_dir)
    if args.launcher == 'slurm':
        if not args.partition:
            sys.exit('error: --launcher slurm needs --partition')
        gpus = args.gpus or 1
        submit_slurm(ROOT, study, runs, dict(
            partition=args.partition, gpus=gpus,
            gpus_per_node=min(gpus, args.gpus_per_node),
            cpus_per_task=args.cpus_per_task), dry_run=args.dry_run)
        if not args.dry_run:
            print(f'when the jobs are done: python tools/analyze_study.py {work_dir}')
        return
    outcomes = run_local(ROOT, study, runs, gpus=args.gpus, dry_run=args.dry_run)
    if args.dry_run:
        return
    report = write_report(study, work_dir, 'python tools/study.py ' + ' '.join(
        sys.argv[1:]), previous)
    print(f"report: {report['paths']['md']}")
    failed = [run.name for run, code in outcomes if code]
    skipped = [run.name for run, code in outcomes if code is None]
    problems = ([f'{len(failed)} runs failed ({", ".join(failed)}); see their '
                 'train.log and the report'] if failed else []) + (
        [f'{len(skipped)} runs wait for a checkpoint ({", ".join(skipped)}); train '
         'it with the command printed above'] if skipped else [])
    if problems:
        sys.exit('error: ' + '; '.join(problems))


if __name__ == '__main__':
    run_main(main)
