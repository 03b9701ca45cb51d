"""tools/train.py and tools/test.py end to end on tiny embedded data, on the CPU."""
import glob
import json
import os.path as osp
import pickle

from conftest import run_tool


def _metrics(work_dir):
    with open(osp.join(work_dir, 'metrics.json')) as f:
        return json.load(f)


def test_train_then_test(trained_run, tmp_path):
    cfg, work_dir = trained_run
    assert (work_dir / 'epoch_2.pth').exists()
    val = _metrics(work_dir)['val']
    assert [e['epoch'] for e in val] == [2]

    out = tmp_path / 'preds.pkl'
    proc = run_tool('tools/test.py', cfg, work_dir / 'epoch_2.pth', '--work-dir',
                    work_dir, '--out', out, '--show-dir', 'drawn', check=True)
    assert len(glob.glob(str(work_dir / '*' / 'drawn' / '*.png'))) == 8
    test = _metrics(work_dir)['test']
    assert test[-1]['checkpoint'].endswith('epoch_2.pth')
    with open(out, 'rb') as f:
        preds = pickle.load(f)
    assert len(preds) == 8  # one entry per val image
    assert 'masks' in preds[0]['pred_instances']
    assert 'Evaluating segm' in proc.stdout + proc.stderr


def test_resume_survives_an_empty_last_checkpoint(tiny_config, tmp_path):
    # a kill between mmengine's open() and write() of last_checkpoint leaves it empty
    cfg = tiny_config(epochs=1)
    work_dir = tmp_path / 'work'
    run_tool('tools/train.py', cfg, '--work-dir', work_dir, check=True)
    (work_dir / 'last_checkpoint').write_text('')
    resumed = run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--resume',
                       '--cfg-options', 'train_cfg.max_epochs=2',
                       'train_cfg.val_interval=2', check=True)
    log = resumed.stdout + resumed.stderr
    assert f"Load checkpoint from {work_dir / 'epoch_1.pth'}" in log
    assert 'resumed epoch: 1' in log


def test_resume_from_explicit_checkpoint(tiny_config, tmp_path):
    cfg = tiny_config(epochs=1)
    work_dir = tmp_path / 'work'
    run_tool('tools/train.py', cfg, '--work-dir', work_dir, check=True)
    ckpt = work_dir / 'epoch_1.pth'
    proc = run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--resume', ckpt,
                    '--cfg-options', 'train_cfg.max_epochs=2',
                    'train_cfg.val_interval=2', check=True)
    assert 'resumed epoch: 1' in proc.stdout + proc.stderr
    assert sorted(osp.basename(p) for p in glob.glob(str(work_dir / '*.pth'))) == [
        'epoch_1.pth', 'epoch_2.pth']


def test_auto_scale_lr_scales_by_batch_size(tiny_config, tmp_path):
    proc = run_tool('tools/train.py', tiny_config(epochs=1), '--work-dir',
                    tmp_path / 'work', '--auto-scale-lr', check=True)
    # base_batch_size 8 in the config, 4 in the tiny run: lr 1e-3 -> 5e-4
    assert 'Scaling the original LR by 0.5' in proc.stdout + proc.stderr
    assert 'lr: 5.0000e-04' in proc.stdout + proc.stderr


def test_a_new_run_never_overwrites_an_earlier_one(trained_run):
    cfg, work_dir = trained_run
    before = {p: osp.getmtime(p) for p in glob.glob(str(work_dir / '*'))}
    metrics = _metrics(work_dir)
    proc = run_tool('tools/train.py', cfg, '--work-dir', work_dir)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f'error: work dir {work_dir} holds the checkpoints of an earlier run (newest '
        'epoch_2.pth); pass --resume to continue it, or --work-dir another folder '
        'for a new run (or remove that one to start over there)']
    assert {p: osp.getmtime(p) for p in glob.glob(str(work_dir / '*'))} == before
    assert _metrics(work_dir) == metrics


def test_dry_run_checks_and_trains_nothing(trained_run, tmp_path):
    cfg, work_dir = trained_run
    out = run_tool('tools/train.py', cfg, '--work-dir', tmp_path / 'w', '--dry-run',
                   check=True).stdout
    assert out.strip().splitlines()[-1] == (
        f'{cfg}: config, checkpoint and datasets checked; nothing trained (--dry-run)')
    assert not (tmp_path / 'w').exists()
    proc = run_tool('tools/test.py', cfg, tmp_path / 'no.pth', '--dry-run')
    assert proc.returncode == 1 and 'no.pth' in proc.stderr  # checked like a test
    out = run_tool('tools/test.py', cfg, work_dir / 'epoch_2.pth', '--work-dir',
                   tmp_path / 't', '--dry-run', check=True).stdout
    assert 'checked; nothing tested (--dry-run)' in out
    assert not (tmp_path / 't').exists()

