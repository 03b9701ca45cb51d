"""posseg.study.running: a run being trained is neither trained again nor reported
as failed."""
import os
import socket
import subprocess

import pytest
from mmengine.config import Config

from posseg.study import Run, collect_run, run_local, run_state, write_report
from posseg.study.running import RUNNING_FILE, mark_running, running_pid


@pytest.fixture
def run(tmp_path):
    run = Run('a', 0, str(tmp_path / 'a' / 'seed_0'))
    os.makedirs(run.work_dir)
    (tmp_path / 'a' / 'seed_0' / 'last_checkpoint').write_text('epoch_1.pth')
    return run


def test_a_live_trainer_marks_the_run_running_until_it_is_done(run):
    with mark_running(run, os.getpid()):
        assert running_pid(run) == os.getpid()
        assert run_state(run) == 'running'
    assert not os.path.exists(os.path.join(run.work_dir, RUNNING_FILE))
    assert run_state(run) == 'interrupted'


def test_a_file_left_by_a_killed_study_is_ignored(run):
    dead = subprocess.Popen(['true'])
    dead.wait()
    with mark_running(run, dead.pid):
        assert running_pid(run) is None
        assert run_state(run) == 'interrupted'


def test_a_file_written_on_another_host_is_ignored(run):
    with mark_running(run, os.getpid()):
        path = os.path.join(run.work_dir, RUNNING_FILE)
        with open(path) as f:
            text = f.read()
        with open(path, 'w') as f:
            f.write(text.replace(socket.gethostname(), 'elsewhere', 1))
        assert running_pid(run) is None


def test_report_and_launcher_leave_a_running_run_alone(run, tmp_path):
    study = Config(dict(name='s', base='configs/x.py', variants=dict(a=dict()),
                        baseline='a', seeds=[0], metrics=['m']))
    lines = []
    with mark_running(run, os.getpid()):
        result = collect_run(study, run)
        outcomes = run_local(str(tmp_path), study, [run], log=lines.append)
        report = write_report(study, str(tmp_path), 'cmd')
    assert '1 runs: 0 finished, 1 running, 0 failed, 0 missing.' in open(
        report['paths']['md']).read()
    assert (result['status'], result['reason']) == (
        'running', f'still training (pid {os.getpid()} on this host)')
    assert outcomes == []
    assert lines[-1] == f'[1/1] a seed 0: skipped, being trained by pid {os.getpid()}'
    assert not os.path.exists(run.config)
