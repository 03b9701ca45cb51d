"""posseg.study.plan: the order of a study's runs."""
import os.path as osp

import pytest
from mmengine.config import Config

from posseg.study import StudyError, plan_runs


@pytest.fixture
def study():
    return Config(dict(variants=dict(a=dict(), b=dict(), c=dict()), seeds=[3, 1]))


def test_variant_order_runs_all_seeds_of_a_variant_first(study):
    runs = plan_runs(study, '/w')
    assert [(r.variant, r.seed) for r in runs] == [
        ('a', 3), ('a', 1), ('b', 3), ('b', 1), ('c', 3), ('c', 1)]
    assert runs[1].work_dir == osp.join('/w', 'a', 'seed_1')


def test_seed_order_covers_every_variant_before_the_next_seed(study):
    runs = plan_runs(study, '/w', order='seed')
    assert [(r.variant, r.seed) for r in runs] == [
        ('a', 3), ('b', 3), ('c', 3), ('a', 1), ('b', 1), ('c', 1)]


def test_unknown_order_names_the_valid_ones(study):
    with pytest.raises(StudyError, match="unknown run order 'seeds'; use 'variant' "
                       "or 'seed'"):
        plan_runs(study, '/w', order='seeds')


def test_a_subset_keeps_the_order_and_the_work_dirs(study):
    runs = plan_runs(study, '/w', order='seed', variants=['c', 'a'], seeds=[1])
    assert [(r.variant, r.seed) for r in runs] == [('a', 1), ('c', 1)]
    assert runs[1].work_dir == osp.join('/w', 'c', 'seed_1')


@pytest.mark.parametrize('subset, message', [
    (dict(variants=['a', 'd']), "unknown variant 'd'; the study has a, b, c"),
    (dict(seeds=[2]), "unknown seed 2; the study has 3, 1")])
def test_an_unknown_subset_names_what_the_study_has(study, subset, message):
    with pytest.raises(StudyError, match=message):
        plan_runs(study, '/w', **subset)
