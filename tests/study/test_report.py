"""posseg.study.report: earlier results of a study (read_previous)."""
import pytest
from mmengine.config import Config

from posseg.study import (StudyError, load_study, read_history, read_previous,
                          write_report)
from posseg.utils.paths import ROOT

HEADER = 'variant,seed,status,reason,m\n'


@pytest.fixture
def study():
    return Config(dict(name='s', variants=dict(a=dict(), b=dict()), seeds=[0, 1],
                       metrics=['m']))


def test_finished_rows_keep_value_remark_and_first_source(study, tmp_path):
    csv = tmp_path / 'old.csv'
    csv.write_text(HEADER + 'a,0,ok,,0.5\na,1,ok,no predictions,0.0\n'
                   'b,0,missing,not run yet,\nb,1,failed,Killed,\n')
    assert read_previous(study, str(csv)) == {
        ('a', 0): dict(metrics=dict(m=0.5), reason='', source='old.csv'),
        ('a', 1): dict(metrics=dict(m=0.0), reason='no predictions',
                       source='old.csv')}
    merged = tmp_path / 'merged.csv'  # a report that itself took runs from old.csv
    merged.write_text('variant,seed,status,reason,source,m\na,0,ok,,old.csv,0.5\n'
                      'b,0,ok,,,0.25\n')
    assert {k: v['source'] for k, v in read_previous(study, str(merged)).items()} \
        == {('a', 0): 'old.csv', ('b', 0): 'merged.csv'}


def test_a_work_dir_keeps_the_runs_its_report_took_from_elsewhere(study, tmp_path):
    (tmp_path / 'results.csv').write_text(  # its last report's table
        'variant,seed,status,reason,source,m\na,0,ok,,old.csv,0.5\n'
        'a,1,ok,,,0.7\nb,0,ok,no boxes,old.csv,0.1\nb,1,missing,not run yet,,\n'
        'gone,0,ok,,old.csv,0.9\n')  # a variant the study no longer has
    assert read_previous(study, [], str(tmp_path)) == {
        ('a', 0): dict(metrics=dict(m=0.5), reason='', source='old.csv'),
        ('b', 0): dict(metrics=dict(m=0.1), reason='no boxes', source='old.csv')}
    newer = tmp_path / 'newer.csv'
    newer.write_text(HEADER + 'a,0,ok,,0.25\n')
    assert read_previous(study, str(newer), str(tmp_path))['a', 0] == dict(
        metrics=dict(m=0.25), reason='', source='newer.csv')
    assert read_previous(study, [], str(tmp_path / 'new')) == {}


@pytest.mark.parametrize('text, message', [
    (None, "earlier results '.*old.csv' not found; pass the results.csv of a report"),
    ('variant,seed,status,reason,x\n', "no column 'm'; is it a report of study 's'"),
    (HEADER + 'c,0,ok,,0.5\n', "run c seed 0 is not in study 's'"),
    (HEADER + 'a,7,ok,,0.5\n', "run a seed 7 is not in study 's'")])
def test_results_of_another_study_are_refused(study, tmp_path, text, message):
    csv = tmp_path / 'old.csv'
    if text is not None:
        csv.write_text(text)
    with pytest.raises(StudyError, match=message):
        read_previous(study, str(csv))


@pytest.mark.parametrize('text, message', [
    (HEADER + 'a,0,ok,,0.5\na,x,ok,,0.5\n',
     r"old.csv, line 3: seed 'x' is not a whole number; mend or remove the row"),
    (HEADER + 'a,0,ok,,0.5\nb,1,failed,Killed,\nb,0,ok,,n/a\n',
     r"old.csv, line 4: m 'n/a' is not a number; mend or remove the row"),
    ('m\n0.5\n', r"old.csv: no column 'variant'; a study report's results.csv has "
     r"variant, seed, status, reason and the metrics; it has \['m'\]")])
def test_a_damaged_table_is_named_by_line(study, tmp_path, text, message):
    csv = tmp_path / 'old.csv'
    csv.write_text(text)
    with pytest.raises(StudyError, match=message):
        read_previous(study, str(csv))


def test_another_studys_runs_come_under_a_mapping(study, tmp_path):
    other = tmp_path / 'other.csv'
    other.write_text('variant,seed,status,reason,source,m,n\n'
                     'x-a,0,ok,,,0.5,1\nx-a,1,ok,no predictions,,0.0,1\n'
                     'x-b,0,ok,,,0.7,1\nx-c,0,ok,,,0.9,1\n')
    own = tmp_path / 'own.csv'
    own.write_text(HEADER + 'b,0,ok,,0.25\n')
    previous = read_previous(study, [str(own), f'{other}:x-a=a'])
    assert previous == {
        ('b', 0): dict(metrics=dict(m=0.25), reason='', source='own.csv'),
        ('a', 0): dict(metrics=dict(m=0.5), reason='= other x-a seed 0',
                       source='other.csv'),
        ('a', 1): dict(metrics=dict(m=0.0), source='other.csv',
                       reason='= other x-a seed 1; no predictions')}
    with pytest.raises(StudyError, match="run b seed 0 is also in an earlier "
                       r"--previous \(own.csv\)"):
        read_previous(study, [str(own), f'{other}:x-b=b'])
    with pytest.raises(StudyError, match='a mapping is their-variant=our-variant'):
        read_previous(study, [f'{other}:x-a=a,=b'])


STEM_PADDED = ('stem-maxpool-padded', 'stem max-pool padded')  # file tag, label


@pytest.mark.parametrize('name, history', [
    ('solo_padding', STEM_PADDED), ('solo_coordconv', STEM_PADDED),
    ('seg_padding', None), ('saliency_padding', None),
    ('saliency_padding_uniform', None),
    ('saliency_padding_torus', ('final-resize-clamped', 'final resize clamped')),
    ('probe_padding', None)])
def test_committed_reports_are_reproduced_from_their_tables(name, history, tmp_path,
                                                          monkeypatch):
    monkeypatch.chdir(tmp_path)  # no trained checkpoint here, as on a clean clone
    table = f'{ROOT}/docs/results/{name}.csv'
    study = load_study(f'{ROOT}/configs/studies/{name}.py', ROOT)
    work_dir = tmp_path / name
    work_dir.mkdir()
    history = read_history(study, [  # as docs/results/README.md remakes them
        (f'{ROOT}/docs/results/history/{name}.{history[0]}.csv', history[1])]
        if history else [])
    report = write_report(study, str(work_dir), 'the command',
                          read_previous(study, table), history)
    assert open(report['paths']['csv']).read() == open(table).read()
    made = open(report['paths']['md']).read().splitlines()
    committed = open(f'{ROOT}/docs/results/{name}.md').read().splitlines()
    assert [line for line in made if not line.startswith('Made by')] == \
        [line for line in committed if not line.startswith('Made by')]


def test_history_keeps_the_numbers_a_rerun_replaced(study, tmp_path):
    earlier = tmp_path / 'earlier.csv'
    earlier.write_text(HEADER + 'a,0,ok,,0.5\na,1,ok,,0.7\nb,0,ok,,0.2\n'
                       'b,1,ok,,0.4\n')
    now = tmp_path / 'now.csv'  # b measured again, a carried
    now.write_text(HEADER + 'a,0,ok,,0.5\na,1,ok,,0.7\nb,0,ok,,0.1\nb,1,ok,,0.2\n')
    history = read_history(study, [(str(earlier), 'with the old stem')])
    assert history == [dict(label='with the old stem', source='earlier.csv', runs={
        ('a', 0): dict(m=0.5), ('a', 1): dict(m=0.7), ('b', 0): dict(m=0.2),
        ('b', 1): dict(m=0.4)})]
    study.update(baseline='a', base=f'{ROOT}/configs/solo_coordconv.py')
    work_dir = tmp_path / 's'
    work_dir.mkdir()
    report = write_report(study, str(work_dir), 'cmd', read_previous(study, str(now)),
                          history)
    lines = open(report['paths']['md']).read().split(
        '## Earlier measurements: with the old stem')[1].splitlines()
    rows = [line for line in lines if line.startswith('| ')]
    assert rows[1:] == ['| b | 2 / 2 | 0.300 | 0.150 | -0.150 |']  # a unchanged
    unchanged = write_report(study, str(work_dir), 'cmd',
                             read_previous(study, str(earlier)), history)
    assert 'No variant differs from `earlier.csv`.' in open(
        unchanged['paths']['md']).read()
