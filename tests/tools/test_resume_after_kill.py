"""A killed and resumed run is the uninterrupted run: every logged loss, the final
metrics and weights; its dataloader workers die with it."""
import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
import torch

from conftest import ROOT, run_tool
from posseg.utils.checkpoints import read_checkpoint, state_dict_of

LOGGED = re.compile(r'Epoch\(train\) \[(\d+)\]\[(\d+)/\d+\].*?(grad_norm: .*)$')
WORKERS = """_base_ = {base!r}
train_dataloader = dict(num_workers=2, persistent_workers=True)
val_dataloader = dict(num_workers=2, persistent_workers=True)
train_cfg = dict(val_interval=1)
"""


def _logged_losses(*logs):
    """``{(epoch, iter): 'grad_norm: ... loss: ...'}``; a step logged twice (before
    and after a kill) must read the same."""
    steps = {}
    for log in logs:
        for line in log.splitlines():
            found = LOGGED.search(line)
            if found:
                step = (int(found[1]), int(found[2]))
                assert steps.setdefault(step, found[3].strip()) == found[3].strip(), step
    return steps


def _final(work_dir):
    metrics = json.loads((work_dir / 'metrics.json').read_text())['val'][-1]
    weights = state_dict_of(read_checkpoint(str(work_dir / 'epoch_3.pth')))
    return metrics, weights


def _same_weights(a, b):
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)


def _children(pid):
    found = []
    for entry in os.listdir('/proc'):
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def _alive(pid):
    try:
        with open(f'/proc/{pid}/stat') as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except OSError:
        return False


def _train_until_killed(cfg, work_dir, log_file, ready):
    """Start training, SIGKILL it once ``ready(log text)`` holds.

    Returns:
        tuple: ``(log text, pids of the children it had)``.
    """
    with open(log_file, 'w') as out:
        proc = subprocess.Popen(
            [sys.executable, 'tools/train.py', cfg, '--work-dir', str(work_dir)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.time() + 300
        while not ready(log_file.read_text()):
            assert proc.poll() is None, 'training ended before the kill point'
            assert time.time() < deadline, 'kill point not reached in 300 s'
            time.sleep(0.05)
        children = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    return log_file.read_text(), children


def _resume_and_compare(cfg, work_dir, killed_log, epoch, reference, losses):
    """Resume a killed run; it must log and end as the uninterrupted one."""
    resumed = run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--resume',
                       check=True)
    assert f'resumed epoch: {epoch}' in resumed.stdout
    assert _logged_losses(killed_log, resumed.stdout) == losses
    metrics, weights = _final(work_dir)
    ref_metrics, ref_weights = _final(reference)
    assert metrics == ref_metrics
    _same_weights(weights, ref_weights)


@pytest.fixture(scope='module')
def uninterrupted(tiny_config, tmp_path_factory):
    """A 3-epoch run with two persistent workers per loader, never stopped."""
    folder = tmp_path_factory.mktemp('exact')
    cfg = folder / 'workers.py'
    cfg.write_text(WORKERS.format(base=tiny_config(epochs=3)))
    work_dir = folder / 'uninterrupted'
    log = run_tool('tools/train.py', cfg, '--work-dir', work_dir, check=True).stdout
    return str(cfg), work_dir, _logged_losses(log)


def test_kill_inside_an_epoch(uninterrupted, tmp_path):
    cfg, reference, losses = uninterrupted
    work_dir = tmp_path / 'work'
    killed_log, children = _train_until_killed(
        cfg, work_dir, tmp_path / 'killed.log',
        lambda log: 'Epoch(train) [2][2/' in log)
    assert not (work_dir / 'epoch_2.pth').exists()
    assert len(children) >= 2  # the train loader's workers at least
    time.sleep(1)
    assert not [pid for pid in children if _alive(pid)], 'workers outlived the run'

    _resume_and_compare(cfg, work_dir, killed_log, 1, reference, losses)


def test_kill_between_epochs(uninterrupted, tmp_path):
    cfg, reference, losses = uninterrupted
    work_dir = tmp_path / 'work'

    def epoch_2_saved(log):
        pointer = work_dir / 'last_checkpoint'
        return pointer.exists() and pointer.read_text().endswith('epoch_2.pth')
    killed_log, _ = _train_until_killed(cfg, work_dir, tmp_path / 'killed.log',
                                        epoch_2_saved)
    _resume_and_compare(cfg, work_dir, killed_log, 2, reference, losses)


def test_damaged_newest_checkpoint_falls_back_to_the_previous(uninterrupted,
                                                              tmp_path):
    cfg, reference, _ = uninterrupted
    work_dir = tmp_path / 'work'
    work_dir.mkdir()
    for name in ('epoch_2.pth', 'epoch_3.pth'):
        (work_dir / name).write_bytes((reference / name).read_bytes())
    os.utime(work_dir / 'epoch_3.pth')  # the newest
    newest = work_dir / 'epoch_3.pth'
    (work_dir / 'last_checkpoint').write_text(str(newest))
    ref_bytes = newest.read_bytes()
    newest.write_bytes(ref_bytes[:len(ref_bytes) // 2])  # killed while saving
    resumed = run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--resume',
                       check=True)
    warnings = [line for line in resumed.stderr.splitlines()
                if line.startswith('warning: ')]
    assert warnings == [f'warning: checkpoint {newest} is damaged or not a PyTorch '
                        'checkpoint (truncated: its zip archive has no end); use '
                        'another checkpoint, or retrain; resuming from '
                        f"{work_dir / 'epoch_2.pth'} instead"]
    assert 'resumed epoch: 2' in resumed.stdout
    _same_weights(_final(work_dir)[1], _final(reference)[1])
