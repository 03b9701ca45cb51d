"""Probe studies: runs of tools/probe.py planned, read and reported like training."""
import json
import os.path as osp
import sys

import pytest
from mmengine.config import Config

from posseg.study import StudyError, collect_run, load_study, plan_runs, run_state
from posseg.study.launch import sbatch_script, train_command
from posseg.study.plan import run_config_text
from posseg.study.run_record import probe_metrics
from posseg.utils.paths import ROOT

STUDY = """
base = 'configs/probe/posenet_readout-only.py'
variants = dict(
    alone=dict(),
    trained=dict(checkpoint='{ckpt_dir}/{{variant}}/seed_{{seed}}.pth',
                 trained_by='make-it --seed {{seed}}', model=dict(feature_size=14)))
baseline = 'alone'
seeds = [0, 1]
probe = dict(gt=['H', 'V'], inputs=['natural', 'black'], epochs=2, size=32)
metrics = ['H/natural/spc', 'V/black/mae']
"""


@pytest.fixture
def study(tmp_path):
    path = tmp_path / 'tiny_probe.py'
    path.write_text(STUDY.format(ckpt_dir=tmp_path / 'ckpt'))
    return load_study(str(path), ROOT)


def _runs(study, tmp_path):
    return {(r.variant, r.seed): r for r in plan_runs(study, str(tmp_path / 'w'))}


def test_checkpoint_and_command_are_filled_per_run(study, tmp_path, monkeypatch):
    run = _runs(study, tmp_path)['trained', 1]
    assert run.checkpoint == str(tmp_path / 'ckpt' / 'trained' / 'seed_1.pth')
    assert run.missing_checkpoint() == (f'checkpoint {run.checkpoint} not found; '
                                        'train it first: make-it --seed 1')
    monkeypatch.chdir(tmp_path)  # below the working directory: shown relative to it
    assert run.missing_checkpoint().startswith(
        'checkpoint ckpt/trained/seed_1.pth not found')
    assert _runs(study, tmp_path)['alone', 0].checkpoint is None
    text = run_config_text(study, run)  # the run's config holds no study keys
    assert 'checkpoint' not in text and 'trained_by' not in text
    assert "model = {'feature_size': 14}" in text and 'seed=1' in text


def test_the_command_is_tools_probe_with_the_study_settings(study, tmp_path):
    run = _runs(study, tmp_path)['trained', 0]
    command = train_command('/repo', run, resume=True, gpus=4)
    assert command == [
        sys.executable, '/repo/tools/probe.py', run.config, run.checkpoint,
        '--work-dir', run.work_dir, '--seed', '0', '--gt', 'H', 'V', '--inputs',
        'natural', 'black', '--epochs', '2', '--size', '32']
    slurm = train_command('/repo', run, resume=False, launcher='slurm')
    assert slurm == ['srun'] + command
    script = sbatch_script('/repo', run, False, dict(
        partition='p', gpus=8, gpus_per_node=8, cpus_per_task=5, job_name='j'))
    assert '--gres=gpu:1\n' in script and '--ntasks=1\n' in script


def test_a_run_is_finished_when_probe_json_is_written(study, tmp_path):
    run = _runs(study, tmp_path)['alone', 0]
    assert run_state(run) == 'new'
    assert collect_run(study, run)['reason'] == 'not run yet'
    (tmp_path / 'w' / 'alone' / 'seed_0' / 'H').mkdir(parents=True)
    assert run_state(run) == 'interrupted'  # tools/probe.py resumes it
    results = {gt: {kind: dict(spc=0.5, mae=0.25, num_constant=0)
                    for kind in ('natural', 'black')} for gt in ('H', 'V')}
    with open(osp.join(run.work_dir, 'probe.json'), 'w') as f:
        json.dump(results, f)
    assert run_state(run) == 'finished'
    result = collect_run(study, run)
    assert result['status'] == 'ok'
    assert result['metrics'] == {'H/natural/spc': 0.5, 'V/black/mae': 0.25}


def test_a_missing_checkpoint_is_the_reason_in_the_report(study, tmp_path):
    result = collect_run(study, _runs(study, tmp_path)['trained', 0])
    assert result['status'] == 'missing'
    assert result['reason'].endswith('train it first: make-it --seed 0')


def test_probe_metrics_flattens_probe_json():
    assert probe_metrics({'H': {'noise': {'spc': 0.1, 'mae': 0.2}}}) == {
        'H/noise/spc': 0.1, 'H/noise/mae': 0.2}


@pytest.mark.parametrize('change, message', [
    (("probe = dict(gt=['H', 'V'], inputs=['natural', 'black'], epochs=2, size=32)",
      ''), "checkpoint, which only a probe study reads"),
    (("epochs=2", 'epoch=2'), "unknown probe setting 'epoch'; valid: ['gt', "
     "'inputs', 'epochs', 'length', 'size', 'batch_size']"),
    (("gt=['H', 'V'], ", ''), "probe needs the maps to probe, e.g. gt=['H', 'V']"),
    (("size=32", 'size=0'), 'probe setting size=0; it takes a whole number of 1 '
     'or more'),
    (("epochs=2", "epochs='2'"), "probe setting epochs='2'; it takes a whole"),
])
def test_a_wrong_probe_study_is_one_line(tmp_path, change, message):
    path = tmp_path / 'bad.py'
    path.write_text(STUDY.format(ckpt_dir=tmp_path).replace(*change))
    with pytest.raises(StudyError, match='^' + str(path)) as err:
        load_study(str(path), ROOT)
    assert message in str(err.value)
    assert '\n' not in str(err.value)


def test_a_training_study_stays_as_it_was():
    study = Config(dict(variants=dict(a=dict()), seeds=[0]))
    run = plan_runs(study, '/w')[0]
    assert run.probe is None and run.checkpoint is None
    assert train_command('/r', run, resume=False)[1] == '/r/tools/train.py'
