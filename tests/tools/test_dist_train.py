"""tools/dist_train.sh runs a real 2-process DDP training on the CPU (gloo); its
mistakes and a failed process end in one line."""
import glob
import importlib.util
import json
import os.path as osp
import signal

import pytest

from conftest import ROOT, free_port, run_tool


def test_two_process_run_on_cpu(tiny_config, tmp_path):
    cfg = tiny_config(epochs=1)
    work_dir = tmp_path / 'work'
    here = tmp_path / 'here'  # the folder the user runs from
    here.mkdir()
    run_tool(osp.join(ROOT, 'tools', 'dist_train.sh'), cfg, 2, '--work-dir',
             work_dir, env=dict(PORT=str(free_port()), OMP_NUM_THREADS='1'),
             cwd=here, check=True)
    assert list(here.iterdir()) == []  # no .dist_test left behind
    log = open(glob.glob(str(work_dir / '*' / '*.log'))[0]).read()
    assert 'Distributed training: True' in log
    assert 'GPU number: 2' in log  # mmengine's name for the world size
    assert osp.exists(work_dir / 'epoch_1.pth')
    assert 'Evaluating segm' in log
    with open(work_dir / 'metrics.json') as f:  # written once, by rank 0
        assert [e['epoch'] for e in json.load(f)['val']] == [1]


def test_two_process_test_on_cpu(trained_run, tmp_path):
    cfg, work_dir = trained_run
    run_tool('tools/dist_test.sh', cfg, work_dir / 'epoch_2.pth', 2, '--work-dir',
             tmp_path, env=dict(PORT=str(free_port()), OMP_NUM_THREADS='1'),
             check=True)
    with open(tmp_path / 'metrics.json') as f:  # both ranks' results, one entry
        assert len(json.load(f)['test']) == 1
    log = open(glob.glob(str(tmp_path / '*' / '*.log'))[0]).read()
    assert 'Distributed training: True' in log and 'Evaluating segm' in log


@pytest.mark.parametrize('args, code, expected', [
    (['dist_train.sh'], 2,
     'error: usage: tools/dist_train.sh CONFIG GPUS [train.py args]'),
    (['dist_test.sh', 'configs/seg_nocoord.py', '2'], 2,
     'error: usage: tools/dist_test.sh CONFIG CHECKPOINT GPUS [test.py args]'),
    (['slurm_train.sh', 'gpu', 'job'], 2, 'error: usage: tools/slurm_train.sh '
     'PARTITION JOB_NAME CONFIG WORK_DIR [train.py args]'),
    (['dist_train.sh', 'configs/seg_nocoord.py', '0'], 2,
     "error: GPUS '0' is not a number of processes (1 or more)"),
    (['dist_train.sh', 'configs/nope.py', '2'], 1,  # once, not once per process
     "error: config file 'configs/nope.py' not found; did you mean "
     'configs/seg_nocoord.py?'),
])
def test_mistakes_are_one_line_before_any_process_starts(args, code, expected):
    proc = run_tool(f'tools/{args[0]}', *args[1:], env=dict(PORT=str(free_port())))
    assert proc.returncode == code
    assert proc.stderr.strip() == expected


FAILING = """
import os, signal, sys, time
if os.environ['RANK'] == '1':
    if sys.argv[1] == 'kill':
        os.kill(os.getpid(), signal.SIGKILL)
    sys.exit('error: rank 1 broke')
time.sleep(60)
"""


@pytest.mark.parametrize('how, code, expected', [
    ('exit', 1, 'rank 1 exited with 1; its error is above'),
    ('kill', 128 + signal.SIGKILL, 'rank 1 was killed by SIGKILL; out of memory?')])
def test_a_process_that_fails_ends_the_run_in_one_line(tmp_path, how, code,
                                                       expected):
    script = tmp_path / 'fails.py'
    script.write_text(FAILING)
    proc = run_tool('tools/torchrun.py', '--nproc_per_node=2',
                    f'--master_port={free_port()}', script, how,
                    env=dict(OMP_NUM_THREADS='1'), timeout=60)
    assert proc.returncode == code
    assert proc.stderr.strip().splitlines() == (
        ['error: rank 1 broke'] if how == 'exit' else []) + [
        f'error: {script}: {expected}']  # no traceback, no failure report



POSSEG_FAILING = """
import atexit, glob, os, sys, time
from posseg.utils.cli import run_main
from posseg.utils.errors import PossegError


def main():
    if sys.argv[1] == 'all' or os.environ['RANK'] == '1':
        raise PossegError('label 7 in a.png is outside the classes')


def both_said():  # torchrun stops the others once one has ended: end together
    ranks = os.path.dirname(os.path.dirname(os.environ['TORCHELASTIC_ERROR_FILE']))
    while len(glob.glob(os.path.join(ranks, '*', 'error.json'))) < 2:
        time.sleep(0.05)


if sys.argv[1] == 'all':
    atexit.register(both_said)
run_main(main)
"""


@pytest.mark.parametrize('which, ranks', [('one', 'rank 1'), ('all', 'ranks 0, 1')])
def test_an_error_of_posseg_is_said_once_for_all_ranks(tmp_path, which, ranks):
    script = tmp_path / 'fails.py'
    script.write_text(POSSEG_FAILING)
    proc = run_tool('tools/torchrun.py', '--nproc_per_node=2',
                    f'--master_port={free_port()}', script, which,
                    env=dict(OMP_NUM_THREADS='1'), timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f'error: label 7 in a.png is outside the classes ({ranks})']


def _launcher():
    """tools/torchrun.py as a module."""
    spec = importlib.util.spec_from_file_location(
        'torchrun', osp.join(ROOT, 'tools', 'torchrun.py'))
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    return launcher


def test_a_rank_stopped_after_it_said_its_error_still_exits_1(tmp_path, monkeypatch):
    from torch.distributed.elastic.multiprocessing.errors import (ChildFailedError,
                                                                  ProcessFailure)

    from posseg.utils.cli import left_for_launcher
    line = 'error: label 7 in a.png is outside the classes'
    for rank in (0, 1):  # each leaves its line as run_main does under torchrun
        monkeypatch.setenv('TORCHELASTIC_ERROR_FILE', str(tmp_path / f'{rank}.json'))
        assert left_for_launcher(line)
    # rank 0 wrote its line and was stopped (SIGTERM) on its way out
    failures = {rank: ProcessFailure(local_rank=rank, pid=100 + rank, exitcode=code,
                                     error_file=str(tmp_path / f'{rank}.json'))
                for rank, code in ((0, -signal.SIGTERM), (1, 1), (2, -signal.SIGTERM))}
    lines, code = _launcher().failure_lines(ChildFailedError('x', failures),
                                            'train.py')
    assert (lines, code) == ([f'{line} (ranks 0, 1)'], 1)  # rank 2: only stopped
