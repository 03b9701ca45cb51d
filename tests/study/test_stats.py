"""Seed statistics against a hand-computed case."""
import math

import pytest

from posseg.study import paired_comparison, summarize

BASELINE = {0: 0.5, 1: 0.6, 2: 0.7}
VARIANT = {0: 0.4, 1: 0.45, 2: 0.65}


def test_summary_by_hand():
    row = summarize(list(VARIANT.values()))
    # deviations from the mean 0.5: -0.1, -0.05, +0.15 -> var = 0.035 / 2
    assert row['n'] == 3 and row['mean'] == pytest.approx(0.5)
    assert row['std'] == pytest.approx(math.sqrt(0.0175))
    # t(0.975, 2) = 4.302653 (t table)
    assert row['ci95'] == pytest.approx(4.302653 * math.sqrt(0.0175) / math.sqrt(3))


def test_paired_t_by_hand():
    row = paired_comparison(VARIANT, BASELINE)
    # differences -0.1, -0.15, -0.05: mean -0.1, sd 0.05, t = -0.1 / (0.05 / sqrt 3)
    t = -0.1 / (0.05 / math.sqrt(3))
    # with 2 degrees of freedom the two-sided p is 1 - |t| / sqrt(t^2 + 2)
    assert row['n_pairs'] == 3 and row['delta'] == pytest.approx(-0.1)
    assert row['p'] == pytest.approx(1 - abs(t) / math.sqrt(t * t + 2))
    assert row['p'] == pytest.approx(0.0742, abs=1e-4)


def test_pairs_only_over_common_seeds_and_small_n():
    row = paired_comparison({0: 0.4, 5: 0.9}, BASELINE)
    assert row['n_pairs'] == 1 and row['delta'] == pytest.approx(-0.1)
    assert math.isnan(row['p'])
    single = summarize([0.3])
    assert single['mean'] == 0.3 and math.isnan(single['std'])
    assert math.isnan(summarize([])['mean'])
