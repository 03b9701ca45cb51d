"""Collect a study's runs into one honest table: report.md, results.csv/.json, PNG.

    python tools/analyze_study.py work_dirs/studies/<name> [--study configs/studies/<name>.py]
        [--previous results.csv [other.csv:theirs=ours ...]]   (runs finished
        elsewhere, e.g. docs/results/<name>.csv)
        [--history earlier.csv LABEL ...]   (a table these runs replace: its changed
        variants stay in the report, under "Earlier measurements: LABEL")

The study definition is found from the runs' work dir name unless given. Runs that
failed or are missing are listed with their reason, never dropped; runs the work dir's
last report took from earlier tables stay in it (delete its results.csv to start over).
"""
import argparse
import os.path as osp
import shlex
import sys

import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
from posseg.study import (StudyError, load_study, read_history, read_previous,
                          write_report)
from posseg.utils.cli import run_main
from posseg.utils.paths import ROOT


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('work_dir', help="the study's work dir")
    parser.add_argument('--study', help='study definition (default: '
                        'configs/studies/<work dir name>.py)')
    parser.add_argument('--previous', metavar='CSV', nargs='+', default=[],
                        help="results.csv of earlier reports of this study: the "
                        "runs this work dir has not finished are taken from them; "
                        "another study's table as other.csv:theirs=ours[,...]")
    parser.add_argument('--history', nargs=2, action='append', default=[],
                        metavar=('CSV', 'LABEL'),
                        help='an earlier results.csv of this study that these runs '
                        'replace, and what differed then; the variants whose runs '
                        'changed are listed with their earlier numbers')
    args = parser.parse_args()
    if osp.isfile(args.work_dir):
        raise StudyError(f'study work dir {args.work_dir!r} is a file; pass the folder '
                         'tools/study.py wrote (work_dirs/studies/<name>)')
    if not osp.isdir(args.work_dir):
        raise StudyError(f'study work dir {args.work_dir!r} not found; run the '
                         'study first: python tools/study.py configs/studies/...')
    name = osp.basename(osp.normpath(args.work_dir))
    study = load_study(args.study or osp.join(ROOT, 'configs', 'studies',
                                              f'{name}.py'), ROOT)
    previous = read_previous(study, args.previous, args.work_dir)
    report = write_report(study, osp.abspath(args.work_dir),
                          'python tools/analyze_study.py ' + shlex.join(sys.argv[1:]),
                          previous, read_history(study, args.history))
    results = report['results']
    print(f"{sum(r['status'] == 'ok' for r in results)}/{len(results)} runs "
          f"finished; report: {report['paths']['md']}")


if __name__ == '__main__':
    run_main(main)
