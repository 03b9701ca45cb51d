"""make setup: the stack imports, and a second setup reuses the cached build."""
import os
import os.path as osp
import sys

from conftest import ROOT, run_tool


def _pins():
    """``{package: version}`` of the ``==`` lines of requirements.txt."""
    with open(osp.join(ROOT, 'requirements.txt')) as f:
        lines = [line.split('#')[0].strip() for line in f]
    return dict(line.split('==') for line in lines if '==' in line)


def test_check_stack_reports_the_pinned_versions():
    pins = _pins()
    proc = run_tool('tools/check_stack.py', check=True)
    for name, package in (('torch', 'torch'), ('mmengine', 'mmengine'),
                          ('mmcv', 'mmcv'), ('mmdet', 'mmdet'),
                          ('mmseg', 'mmsegmentation')):
        assert f'{name} {pins[package]}' in proc.stdout
    assert f"mmcv {pins['mmcv']} with ops" in proc.stdout


def test_second_setup_reuses_environment_and_mmcv():
    env = dict(PYTHON=osp.realpath(sys.executable))
    proc = run_tool('tools/setup.sh', env=env, check=True)
    out = proc.stdout + proc.stderr
    assert 'reusing environment' in out
    assert f"mmcv {_pins()['mmcv']} with ops already installed" in out
    assert 'building mmcv' not in out and 'creating environment' not in out
    venv = osp.join(ROOT, '.venv')
    assert osp.samefile(osp.join(venv, 'bin', 'python'), sys.executable) or \
        osp.realpath(venv) == osp.realpath(sys.prefix)
    assert os.access(osp.join(venv, 'bin', 'python'), os.X_OK)
