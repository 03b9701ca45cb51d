"""Statistics over seeds: mean, spread, 95% interval, paired test vs the baseline."""
import math
import statistics

from scipy import stats as scipy_stats


def summarize(values):
    """Mean, sample std and 95% t-interval of a variant's per-seed values.

    Args:
        values (list[float]): One value per seed.

    Returns:
        dict: ``n``, ``mean``, ``std`` (ddof 1), ``ci95`` (half-width,
        ``t(0.975, n-1) * std / sqrt(n)``); NaN where ``n`` is too small.
    """
    n = len(values)
    mean = statistics.fmean(values) if n else math.nan
    std = statistics.stdev(values) if n > 1 else math.nan
    ci95 = (scipy_stats.t.ppf(0.975, n - 1) * std / math.sqrt(n) if n > 1
            else math.nan)
    return dict(n=n, mean=mean, std=std, ci95=ci95)


def paired_comparison(variant, baseline):
    """Compare a variant with the baseline over the seeds both have.

    Args:
        variant (dict[int, float]): seed -> value.
        baseline (dict[int, float]): seed -> value.

    Returns:
        dict: ``n_pairs``, ``delta`` (mean of per-seed differences variant -
        baseline) and ``p`` of a two-sided paired t-test
        (``scipy.stats.ttest_rel``); ``p`` is NaN below 2 pairs or when all
        differences are equal.
    """
    seeds = sorted(set(variant) & set(baseline))
    diffs = [variant[s] - baseline[s] for s in seeds]
    delta = statistics.fmean(diffs) if diffs else math.nan
    p = math.nan
    if len(diffs) > 1 and len(set(diffs)) > 1:
        p = float(scipy_stats.ttest_rel([variant[s] for s in seeds],
                                        [baseline[s] for s in seeds]).pvalue)
    return dict(n_pairs=len(seeds), delta=delta, p=p)
