"""tools/study.py and tools/analyze_study.py on a tiny study, on the CPU."""
import contextlib
import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT, run_tool
from posseg.models.probes.position_readout import build_encoder

STUDY = """
base = {base!r}
conv_cfg = dict(type='PadConv2d', padding_mode='circular')
variants = dict(zeros=dict(), circular=dict(model=dict(neck=dict(conv_cfg=conv_cfg))))
del conv_cfg
baseline = 'zeros'
seeds = [0, 1]
metrics = ['coco/segm_mAP', 'coco/segm_mAP_50']
empty_value = 0.0
references = [dict(source='Paper X', setting='other data', values=dict(zeros=1.0))]
"""


@pytest.fixture(scope='module')
def tiny_study(tiny_config, tmp_path_factory):
    folder = tmp_path_factory.mktemp('study')
    study = folder / 'tiny_study.py'
    study.write_text(STUDY.format(base=tiny_config(epochs=1)))
    return study, folder / 'tiny_study'


def _wait_for(condition, proc, timeout=300):
    deadline = time.time() + timeout
    while not condition():
        assert proc.poll() is None, 'the study ended too early'
        assert time.time() < deadline, 'timed out'
        time.sleep(0.2)


def test_killed_study_finishes_the_rest_without_repeating(tiny_study):
    study, work_dir = tiny_study
    first = work_dir / 'zeros' / 'seed_0'
    proc = subprocess.Popen(
        [sys.executable, 'tools/study.py', str(study), '--work-dir', str(work_dir)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        _wait_for(lambda: (work_dir / 'zeros' / 'seed_1' / 'train.log').exists(),
                  proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finished = (first / 'epoch_1.pth').stat().st_mtime_ns

    out = run_tool('tools/study.py', study, '--work-dir', work_dir, check=True).stdout
    assert '4 runs, 1 already finished, 3 to run' in out
    assert '[3/3] circular seed 1: done' in out
    assert (first / 'epoch_1.pth').stat().st_mtime_ns == finished  # not rerun
    report = (work_dir / 'report.md').read_text()
    assert '4 runs: 4 finished, 0 failed, 0 missing' in report
    for name in ('zeros (baseline)', 'circular', 'Paper X', 'paired t-test'):
        assert name in report
    rows = list(csv.DictReader(open(work_dir / 'results.csv')))
    assert [(r['variant'], r['seed'], r['status']) for r in rows] == [
        ('zeros', '0', 'ok'), ('zeros', '1', 'ok'), ('circular', '0', 'ok'),
        ('circular', '1', 'ok')]
    assert (work_dir / 'tiny_study.png').stat().st_size > 0
    summary = json.loads((work_dir / 'results.json').read_text())['summary']
    assert summary['coco/segm_mAP']['circular']['n'] == 2

    # a corrupt metrics file and a missing run are reported, not dropped
    (work_dir / 'circular' / 'seed_1' / 'metrics.json').write_text('{not json')
    os.rename(work_dir / 'zeros' / 'seed_1', work_dir / 'zeros_seed_1_moved')
    out = run_tool('tools/analyze_study.py', work_dir, '--study', study,
                   check=True).stdout
    assert '2/4 runs finished' in out
    report = (work_dir / 'report.md').read_text()
    assert '4 runs: 2 finished, 1 failed, 1 missing' in report
    assert '| circular | 1 | failed | metrics.json unreadable: JSONDecodeError' in report
    assert '| zeros | 1 | missing | not run yet |' in report


def _children(pid):
    try:
        with open(f'/proc/{pid}/task/{pid}/children') as f:
            return f.read().split()
    except OSError:
        return []


@pytest.mark.parametrize('gpus, sig', [(0, signal.SIGTERM), (2, signal.SIGTERM),
                                       (0, signal.SIGHUP)],
                         ids=['SIGTERM', 'SIGTERM-torchrun', 'SIGHUP'])
def test_a_kill_of_the_study_stops_its_trainer_too(tiny_study, tmp_path, gpus, sig):
    study, _ = tiny_study
    run_dir = tmp_path / 'zeros' / 'seed_0'
    proc = subprocess.Popen(
        [sys.executable, 'tools/study.py', str(study), '--work-dir', str(tmp_path),
         '--gpus', str(gpus)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # SIGHUP as in a terminal, also under nohup:
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL))
    try:
        _wait_for(lambda: (run_dir / 'running.pid').exists(), proc)
        trainer = int((run_dir / 'running.pid').read_text().split()[1])
        if gpus:  # torchrun has started its workers
            _wait_for(lambda: len(_children(trainer)) == gpus, proc)
        proc.send_signal(sig)  # the study alone, as `kill <pid>` does
        out, _ = proc.communicate(timeout=120)
        with pytest.raises(ProcessLookupError):  # nothing orphaned trains on
            os.killpg(proc.pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    assert proc.returncode == 128 + sig
    assert out.splitlines()[-1] == (
        f'zeros seed 0: stopped by {sig.name} with its trainer; call the study again '
        'to resume it from its last checkpoint')
    assert not (run_dir / 'running.pid').exists()


def test_runs_finished_earlier_are_not_run_again(tiny_study, tmp_path):
    study, _ = tiny_study
    earlier = tmp_path / 'earlier.csv'  # e.g. a committed report; work dirs gone
    earlier.write_text('variant,seed,status,reason,coco/segm_mAP,coco/segm_mAP_50\n'
                       'zeros,1,ok,,0.5,0.75\ncircular,0,ok,,0.25,0.5\n'
                       'circular,1,missing,not run yet,,\n')
    work_dir = tmp_path / 'tiny_study'
    out = run_tool('tools/study.py', study, '--work-dir', work_dir, '--previous',
                   earlier, '--variants', 'circular', check=True).stdout
    assert '1 runs finished earlier' in out and '[1/1] circular seed 1: done' in out
    assert not (work_dir / 'circular' / 'seed_0').exists()
    rows = {(r['variant'], r['seed']): r
            for r in csv.DictReader(open(work_dir / 'results.csv'))}
    assert rows['circular', '0']['coco/segm_mAP'] == '0.25'
    assert rows['circular', '0']['source'] == 'earlier.csv'
    assert rows['circular', '1']['status'] == 'ok'
    assert rows['circular', '1']['source'] == ''
    assert rows['zeros', '0']['status'] == 'missing'
    report = (work_dir / 'report.md').read_text()
    assert '4 runs: 3 finished, 0 failed, 1 missing' in report
    assert '2 of the finished runs are taken from earlier reports (earlier.csv' \
        in report
    # the report made again from the work dir alone keeps what it took from earlier
    run_tool('tools/analyze_study.py', work_dir, '--study', study, check=True)
    again = (work_dir / 'report.md').read_text()
    assert again != report and [line for line in again.splitlines()
                                if not line.startswith('Made by')] == \
        [line for line in report.splitlines() if not line.startswith('Made by')]


def test_runs_of_an_earlier_definition_are_neither_resumed_nor_reported(
        tiny_study, tmp_path):
    study, _ = tiny_study
    work_dir = tmp_path / 'w'
    run_tool('tools/study.py', study, '--work-dir', work_dir, '--variants',
             'circular', '--seeds', '0', check=True)
    checkpoint = work_dir / 'circular' / 'seed_0' / 'epoch_1.pth'
    trained = checkpoint.stat().st_mtime_ns
    changed = tmp_path / 'tiny_study.py'  # the same study, its circular redefined
    changed.write_text(study.read_text().replace("padding_mode='circular'",
                                                 "padding_mode='reflect'"))

    proc = run_tool('tools/study.py', changed, '--work-dir', work_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        'error: 1 runs of study tiny_study were trained under another definition of '
        "it (circular seed 0: model.neck.conv_cfg.padding_mode 'circular', now "
        "'reflect'); pass another --work-dir, or remove circular/seed_0 in "
        f'{work_dir} to train them again')
    assert checkpoint.stat().st_mtime_ns == trained
    assert not (work_dir / 'zeros').exists()  # nothing else ran either

    run_tool('tools/analyze_study.py', work_dir, '--study', changed, check=True)
    rows = {(r['variant'], r['seed']): r
            for r in csv.DictReader(open(work_dir / 'results.csv'))}
    assert rows['circular', '0']['status'] == 'failed'
    assert rows['circular', '0']['reason'].startswith(
        'trained under another definition of the study (model.neck.conv_cfg.'
        "padding_mode 'circular', now 'reflect'); remove its folder")
    run_tool('tools/analyze_study.py', work_dir, '--study', study, check=True)
    rows = list(csv.DictReader(open(work_dir / 'results.csv')))
    assert rows[2]['status'] == 'ok'  # the definition it was trained under


def test_dry_run_writes_the_configs_its_commands_name(tiny_study, tmp_path):
    study, _ = tiny_study
    out = run_tool('tools/study.py', study, '--work-dir', tmp_path / 'w',
                   '--dry-run', check=True).stdout
    commands = [line.split() for line in out.splitlines() if 'tools/train.py' in line]
    assert len(commands) == 4 and '--resume' not in out
    for command in commands:  # each names a run config that is there
        config = command[command.index(next(c for c in command
                                            if c.endswith('train.py'))) + 1]
        assert os.path.isfile(config) and "randomness = dict(seed=" in open(config).read()
    assert not list((tmp_path / 'w').rglob('*.pth'))  # nothing trained
    out = run_tool('tools/study.py', study, '--work-dir', tmp_path / 'w',
                   '--dry-run', '--launcher', 'slurm', '--partition', 'gpu',
                   '--gpus', '8', check=True).stdout
    assert out.count('sbatch ') == 4 and '#SBATCH --gres=gpu:8' in out
    assert '--launcher slurm' in out
    assert len(list((tmp_path / 'w').rglob('sbatch.sh'))) == 4


def test_unknown_baseline_is_one_line(tmp_path, tiny_config):
    bad = tmp_path / 'bad.py'
    bad.write_text(STUDY.format(base=tiny_config(epochs=1)).replace(
        "baseline = 'zeros'", "baseline = 'zero'"))
    proc = run_tool('tools/study.py', bad)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"error: {bad}: baseline 'zero' is not one of the variants "
        "['zeros', 'circular']")


def test_a_negative_count_of_gpus_is_refused(tiny_study, tmp_path):
    study, _ = tiny_study
    proc = run_tool('tools/study.py', study, '--work-dir', tmp_path, '--gpus', '-1',
                    '--dry-run')
    assert proc.returncode == 2
    assert 'argument --gpus: -1 is not a count (0 or more)' in proc.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize('tool, expected', [
    ('study.py', 'is a file; pass --work-dir a folder (it is made if missing)'),
    ('analyze_study.py', 'is a file; pass the folder tools/study.py wrote '
     '(work_dirs/studies/<name>)')])
def test_a_work_dir_that_is_a_file_is_one_line(tiny_study, tmp_path, tool, expected):
    study, _ = tiny_study
    (tmp_path / 'w').write_text('precious')
    args = [study, '--work-dir', tmp_path / 'w'] if tool == 'study.py' else [
        tmp_path / 'w', '--study', study]
    proc = run_tool(f'tools/{tool}', *args)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith('error: study work dir ')
    assert proc.stderr.strip().endswith(expected) and '\n' not in proc.stderr.strip()
    assert (tmp_path / 'w').read_text() == 'precious'


@pytest.mark.parametrize('change, expected', [
    (("seeds = [0, 1]", "seeds = []"),
     ': seeds is empty; a study needs at least one (e.g. seeds = [0, 1, 2])'),
    (("baseline = 'zeros'", "baseline = 'zeros"), ', line 6: invalid Python ('),
])
def test_broken_study_definition_is_one_line(tmp_path, tiny_config, change, expected):
    bad = tmp_path / 'bad.py'
    bad.write_text(STUDY.format(base=tiny_config(epochs=1)).replace(*change))
    proc = run_tool('tools/study.py', bad)
    assert proc.returncode == 1
    assert proc.stderr.strip().startswith(f'error: {bad}{expected}'), proc.stderr


PROBE_STUDY = """
base = 'configs/probe/posenet_readout-only.py'
variants = {{'readout-only': dict(),
            'trained': dict(_base_='configs/seg_nocoord.py',
                            checkpoint='{ckpt}', trained_by='train-it')}}
baseline = 'readout-only'
seeds = [0]
probe = dict(gt=['H'], inputs=['natural', 'black'], epochs=2, length=8, size=32,
             batch_size=8)
metrics = ['H/natural/spc', 'H/black/spc']
"""


def test_probe_study_waits_for_its_checkpoint_then_reports(tmp_path):
    ckpt = tmp_path / 'seg.pth'
    study = tmp_path / 'tiny_probe.py'
    study.write_text(PROBE_STUDY.format(ckpt=ckpt))
    work_dir = tmp_path / 'w'
    first = run_tool('tools/study.py', study, '--work-dir', work_dir)
    assert first.returncode == 1
    assert f'trained seed 0: skipped, checkpoint {ckpt} not found; train it ' \
        'first: train-it' in first.stdout
    assert first.stderr.strip() == ('error: 1 runs wait for a checkpoint (trained '
                                    'seed 0); train it with the command printed '
                                    'above')
    rows = {r['variant']: r for r in csv.DictReader(open(work_dir / 'results.csv'))}
    assert rows['readout-only']['status'] == 'ok'
    assert rows['trained']['reason'].endswith('train it first: train-it')

    cfg = Config.fromfile(f'{ROOT}/configs/seg_nocoord.py')
    segmentor = build_encoder(dict(cfg.model, type='mmseg.' + cfg.model.type))
    torch.save(dict(meta=dict(), state_dict=segmentor.state_dict()), ckpt)
    again = run_tool('tools/study.py', study, '--work-dir', work_dir, check=True)
    assert '2 runs, 1 already finished, 1 to run' in again.stdout
    results = json.loads((work_dir / 'trained' / 'seed_0' / 'probe.json').read_text())
    rows = {r['variant']: r for r in csv.DictReader(open(work_dir / 'results.csv'))}
    assert float(rows['trained']['H/black/spc']) == results['H']['black']['spc']
    assert '2 runs: 2 finished, 0 failed, 0 missing' in (
        work_dir / 'report.md').read_text()
