"""tools/dist_train.sh runs a real 2-process DDP training on the CPU (gloo)."""
import glob
import json
import os.path as osp

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
