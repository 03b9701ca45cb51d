"""posseg.study.report: earlier results of a study (read_previous)."""
import pytest
from mmengine.config import Config

from posseg.study import StudyError, read_previous

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
