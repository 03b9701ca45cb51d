"""posseg.study.run_definition: a run trained under another definition of its study
is found, and the setting that changed is named."""
import os
import os.path as osp

import pytest

from conftest import ROOT
from posseg.study import (StudyError, check_distinct, check_unchanged,
                          definition_change, load_study, plan_runs)
from posseg.study.run_definition import defined_config, trained_config

BASE = f"_base_ = {osp.join(ROOT, 'configs', 'seg_nocoord.py')!r}\n" \
    "train_cfg = dict(max_epochs=7)\n"
STUDY = """
base = {base!r}
variants = dict(zeros=dict(),
                input=dict(model=dict(decode_head=dict(coord_mode='input'))))
baseline = 'zeros'
seeds = [0]
metrics = ['mIoU']
"""


@pytest.fixture
def study_dir(tmp_path):
    """A study whose runs have been launched once: each ``config.py`` is the resolved
    config, dumped as mmengine's runner does.

    Returns:
        callable: ``load(change=None) -> (study, runs)``, the study as defined now
        (``change``: ``(old, new)`` replaced in its text).
    """
    (tmp_path / 'base.py').write_text(BASE)
    text = STUDY.format(base=str(tmp_path / 'base.py'))

    def load(change=None):
        (tmp_path / 'tiny.py').write_text(text.replace(*change) if change else text)
        study = load_study(str(tmp_path / 'tiny.py'), ROOT)
        return study, plan_runs(study, str(tmp_path / 'w'))
    study, runs = load()
    for run in runs:
        os.makedirs(run.work_dir)
        defined_config(study, run).dump(run.config)
    return load


def test_runs_under_the_same_definition_go_on(study_dir):
    study, runs = study_dir()
    assert [definition_change(study, run) for run in runs] == [None, None]
    check_unchanged(study, runs, osp.dirname(osp.dirname(runs[0].work_dir)))


def test_a_changed_variant_is_named_with_its_setting(study_dir):
    study, runs = study_dir(("coord_mode='input'", "coord_mode='all'"))
    assert definition_change(study, runs[0]) is None  # zeros: not changed
    assert definition_change(study, runs[1]) == \
        "model.decode_head.coord_mode 'input', now 'all'"
    work_dir = osp.dirname(osp.dirname(runs[0].work_dir))
    with pytest.raises(StudyError) as err:
        check_unchanged(study, runs, work_dir)
    assert str(err.value) == (
        "1 runs of study tiny were trained under another definition of it (input "
        "seed 0: model.decode_head.coord_mode 'input', now 'all'); pass another "
        f"--work-dir, or remove input/seed_0 in {work_dir} to train them again")


def test_an_edit_of_the_base_config_changes_every_run(study_dir, tmp_path):
    (tmp_path / 'base.py').write_text(BASE.replace('max_epochs=7', 'max_epochs=8'))
    study, runs = study_dir()
    assert [definition_change(study, run) for run in runs] == [
        'train_cfg.max_epochs 7, now 8'] * 2


def test_logging_machine_and_worker_settings_may_change(study_dir, tmp_path):
    (tmp_path / 'base.py').write_text(
        BASE + "default_hooks = dict(logger=dict(interval=1))\n"
        "env_cfg = dict(cudnn_benchmark=True)\n"
        "train_dataloader = dict(num_workers=0, persistent_workers=False)\n")
    study, runs = study_dir()
    assert definition_change(study, runs[0]) is None


def test_more_changes_are_counted(study_dir, tmp_path):
    (tmp_path / 'base.py').write_text(
        BASE.replace('max_epochs=7', 'max_epochs=8') + 'model = dict(pretrained=1)\n')
    study, runs = study_dir()
    assert definition_change(study, runs[0]) == \
        'model.pretrained None, now 1 (and 1 more settings)'


def test_the_newest_launch_is_read_when_config_py_is_the_generated_one(study_dir):
    study, runs = study_dir()
    run = runs[1]
    for stamp, coord_mode in (('20261201_090000', 'all'),
                              ('20261202_090000', 'input')):
        os.makedirs(osp.join(run.work_dir, stamp, 'vis_data'))
        cfg = defined_config(study, run)
        cfg.model.decode_head.coord_mode = coord_mode
        cfg.dump(osp.join(run.work_dir, stamp, 'vis_data', 'config.py'))
    with open(run.config, 'w') as f:  # as a study writes it before a launch
        f.write("# study tiny: variant 'input', seed 0\n")
    assert trained_config(run) == osp.join(run.work_dir, '20261202_090000',
                                           'vis_data', 'config.py')
    assert definition_change(study, run) is None
    study, runs = study_dir(("coord_mode='input'", "coord_mode='all'"))
    assert definition_change(study, runs[1]) == \
        "model.decode_head.coord_mode 'input', now 'all'"


def test_a_run_that_never_trained_has_nothing_to_compare(study_dir):
    study, runs = study_dir(("coord_mode='input'", "coord_mode='all'"))
    with open(runs[1].config, 'w') as f:
        f.write("# study tiny: variant 'input', seed 0\n")
    assert trained_config(runs[1]) is None
    assert definition_change(study, runs[1]) is None


def test_variants_that_train_the_same_config_are_refused(study_dir, tmp_path):
    study, _ = study_dir()
    check_distinct(study, str(tmp_path / 'w'))  # zeros and input differ
    # 'input' sets what the base has: the same model as 'zeros'
    study, _ = study_dir(("model=dict(decode_head=dict(coord_mode='input'))",
                          'train_cfg=dict(max_epochs=7)'))
    with pytest.raises(StudyError) as err:
        check_distinct(study, str(tmp_path / 'w'))
    assert str(err.value) == (
        'variants zeros and input of study tiny train the same config; give each '
        "variant a setting of its own (variants that replace the base study's "
        'replace its settings too)')
