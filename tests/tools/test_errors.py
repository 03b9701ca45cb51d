"""Bad input: one line naming the problem and the fix, and a non-zero exit."""
import os.path as osp
import shutil

import mmcv
import pytest
import torch

from conftest import run_tool


def _one_line_error(proc):
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith('error: ')
    return lines[0]


def test_unknown_config_path_suggests_the_closest():
    line = _one_line_error(run_tool('tools/train.py', 'configs/solo_cordconv.py'))
    assert "'configs/solo_cordconv.py' not found" in line
    assert 'did you mean configs/solo_coordconv.py?' in line


def test_unknown_package_config_says_how_they_are_written():
    line = _one_line_error(run_tool('tools/train.py', 'mmdet::solo/solo_r51.py'))
    assert "config 'mmdet::solo/solo_r51.py' not found" in line
    assert 'mmdet::<dir>/<file>.py' in line


def test_test_tool_missing_checkpoint():
    line = _one_line_error(
        run_tool('tools/test.py', 'configs/solo_coordconv.py', 'nope.pth'))
    assert "checkpoint 'nope.pth' not found" in line


@pytest.mark.skipif(torch.cuda.is_available(), reason='--amp is valid on a GPU')
def test_amp_without_gpu(tiny_config):
    line = _one_line_error(run_tool('tools/train.py', tiny_config(), '--amp'))
    assert '--amp needs a GPU' in line


def test_missing_dataset_names_path_and_fix(tmp_path):
    cfg = tmp_path / 'coco_solo.py'
    cfg.write_text(
        "_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'\n"
        f"train_dataloader = dict(dataset=dict(data_root='{tmp_path}/coco/'))\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert f'{tmp_path}/coco/ not found' in line
    assert 'train_dataloader.dataset' in line and 'data/README.md' in line


def test_missing_annotation_file_of_wrapped_dataset(tmp_path):
    (tmp_path / 'coco').mkdir()
    cfg = tmp_path / 'coco_repeat.py'
    cfg.write_text(
        "_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'\n"
        "train_dataloader = dict(dataset=dict(_delete_=True, type='RepeatDataset',"
        " times=2, dataset=dict(type='CocoDataset', data_root="
        f"'{tmp_path}/coco/', ann_file='annotations/train.json')))\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert f'{tmp_path}/coco/annotations/train.json not found' in line
    assert 'train_dataloader.dataset.dataset' in line


@pytest.fixture(scope='module')
def mmcv_without_ops(tmp_path_factory):
    """A copy of the installed mmcv without its compiled ``_ext`` (as mmcv-lite)."""
    site = tmp_path_factory.mktemp('lite')
    shutil.copytree(osp.dirname(mmcv.__file__), site / 'mmcv',
                    ignore=shutil.ignore_patterns('_ext*.so', '__pycache__'))
    return dict(PYTHONPATH=str(site))


@pytest.mark.parametrize('tool', [('tools/train.py', 'configs/solo_coordconv.py'),
                                  ('tools/check_stack.py',)])
def test_mmcv_without_ops_is_refused(mmcv_without_ops, tool):
    line = _one_line_error(run_tool(*tool, env=mmcv_without_ops))
    assert 'mmcv is installed without its compiled ops' in line
    assert 'make setup' in line
