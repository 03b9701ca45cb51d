"""make setup: the stack imports, and a second setup reuses the cached build."""
import os
import os.path as osp
import sys

from conftest import ROOT, run_tool


def test_check_stack_reports_the_pinned_versions():
    proc = run_tool('tools/check_stack.py', check=True)
    for part in ('torch 2.14.1', 'mmengine 0.10.7', 'mmcv 2.1.0 with ops',
                 'mmdet 3.3.0', 'mmseg 1.2.2'):
        assert part in proc.stdout


def test_second_setup_reuses_environment_and_mmcv():
    env = dict(PYTHON=osp.realpath(sys.executable))
    proc = run_tool('tools/setup.sh', env=env, check=True)
    out = proc.stdout + proc.stderr
    assert 'reusing environment' in out
    assert 'mmcv 2.1.0 with ops already installed' in out
    assert 'building mmcv' not in out and 'creating environment' not in out
    venv = osp.join(ROOT, '.venv')
    assert osp.samefile(osp.join(venv, 'bin', 'python'), sys.executable) or \
        osp.realpath(venv) == osp.realpath(sys.prefix)
    assert os.access(osp.join(venv, 'bin', 'python'), os.X_OK)
