"""Collect a study's runs into report.md, results.csv, results.json and a plot."""
import csv
import json
import math
import os.path as osp

from ..utils.paths import ROOT
from .plan import StudyError, plan_runs
from .run_definition import definition_change
from .run_record import read_run
from .stats import paired_comparison, summarize

def collect_run(study, run):
    """The outcome of one run.

    Returns:
        dict: ``variant``, ``seed``, ``status`` (``ok``, ``running``,
        ``failed`` or ``missing``), ``reason`` (why not ok, or a remark),
        ``metrics``, ``source`` (``''``: this work dir; see ``read_previous``).
    """
    result = dict(variant=run.variant, seed=run.seed, status='failed', reason='',
                  metrics={}, source='')
    record = read_run(run)
    if record.pid is not None:
        result.update(status='running',
                      reason=f'still training (pid {record.pid} on this host)')
        return result
    change = definition_change(study, run)
    if change:
        result['reason'] = (f'trained under another definition of the study '
                            f'({change}); remove its folder to train it again')
        return result
    if not record.has_metrics:
        if record.error:
            result['reason'] = record.error
        elif record.has_checkpoint:
            result['reason'] = 'interrupted: no final validation yet (resume it)'
        else:
            result.update(status='missing',
                          reason=run.missing_checkpoint() or 'not run yet')
        return result
    if record.problem:
        result['reason'] = record.problem
        return result
    if record.final is None:
        unit, last = record.last_step
        result['reason'] = (record.error or f'no validation at {unit} {last} in '
                            'metrics.json (interrupted?)')
        return result
    metrics = record.final
    if not metrics:
        if study.get('empty_value') is None:
            result['reason'] = 'the final evaluation produced no metrics'
            return result
        metrics = {k: study.empty_value for k in study.metrics}
        result['reason'] = (f'no predictions: every metric counted as '
                            f'{study.empty_value}')
    missing = [k for k in study.metrics if k not in metrics]
    if missing:
        result['reason'] = f'metrics {missing} not in {sorted(metrics)}'
        return result
    result.update(status='ok', metrics={k: metrics[k] for k in study.metrics})
    return result


def read_previous(study, specs, work_dir=None):
    """Finished runs of earlier reports (their results.csv), to count as done.

    A study whose work dirs are gone (another machine, a wiped disk) goes on from
    its committed results: these runs are not run again and enter its report. A
    table of another study gives runs under a mapping of its variant names to this
    study's (the same model under another name), written
    ``other.csv:their-variant=our-variant[,...]``; only mapped variants are taken,
    and each such run's reason says where it came from.

    Args:
        study (Config): The loaded study.
        specs (str | Sequence[str]): ``results.csv`` paths, each with an optional
            mapping.
        work_dir (str, optional): The study's work dir: the runs its last report
            took from earlier tables are kept (``specs`` take precedence), so a
            report made again never drops runs it counted. Delete the work dir's
            results.csv to start over.

    Returns:
        dict: ``(variant, seed)`` -> ``metrics``, ``reason`` (a remark) and
        ``source`` (the file that first reported it), for each ``ok`` row.
    """
    given = {}
    for spec in [specs] if isinstance(specs, str) else specs:
        path, mapping = _previous_spec(spec)
        for key, run in _read_results(study, path, mapping).items():
            if key in given:
                raise StudyError(f'{spec}: run {key[0]} seed {key[1]} is also in '
                                 f'an earlier --previous ({given[key]["source"]})')
            given[key] = run
    return {**_carried_over(study, work_dir), **given}


def _carried_over(study, work_dir):
    """The ``ok`` runs of ``work_dir``'s results.csv that came from elsewhere
    (column ``source``) and are still in the study."""
    path = work_dir and osp.join(work_dir, 'results.csv')
    if not path or not osp.isfile(path):
        return {}
    runs = {}
    for line, row in _ok_rows(path)[1]:
        if not row.get('source') or not all(row.get(m) for m in study.metrics):
            continue
        seed = _number(int, row, 'seed', path, line)
        if row['variant'] in study.variants and seed in study.seeds:
            runs[row['variant'], seed] = _finished_run(
                study, row, row['reason'], row['source'], path, line)
    return runs


def _ok_rows(path):
    """The columns of a results.csv and ``(line, row)`` of each ``ok`` row."""
    with open(path, newline='') as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames or []
        missing = [c for c in ('variant', 'seed', 'status', 'reason')
                   if c not in columns]
        if missing:
            raise StudyError(f'{path}: no column {missing[0]!r}; a study report\'s '
                             f'results.csv has variant, seed, status, reason and '
                             f'the metrics; it has {columns}')
        return columns, [(reader.line_num, row) for row in reader
                         if row['status'] == 'ok']


def _number(kind, row, column, path, line):
    """``row[column]`` as ``kind`` (int or float); one line naming the place if not."""
    try:
        return kind(row[column])
    except (TypeError, ValueError):
        raise StudyError(f'{path}, line {line}: {column} {row[column]!r} is not '
                         f'{"a whole number" if kind is int else "a number"}; mend '
                         'or remove the row') from None


def _finished_run(study, row, reason, source, path, line):
    """A finished run of a results.csv row, as ``read_previous`` gives it."""
    return dict(metrics={m: _number(float, row, m, path, line) for m in study.metrics},
                reason=reason, source=source)


def _previous_spec(spec):
    """``(path, {their variant: ours} or None)`` of ``path[:a=b,c=d]``."""
    path, _, names = spec.rpartition(':')
    if not path or '=' not in names:
        return spec, None
    pairs = [pair.split('=') for pair in names.split(',')]
    if any(len(pair) != 2 or not all(pair) for pair in pairs):
        raise StudyError(f'--previous {spec!r}: a mapping is their-variant='
                         'our-variant[,...], e.g. other.csv:input-none=none')
    return path, dict(pairs)


def _read_results(study, path, mapping):
    if not osp.isfile(path):
        raise StudyError(f'earlier results {path!r} not found; pass the results.csv '
                         'of a report of this study (e.g. docs/results/<name>.csv)')
    columns, rows = _ok_rows(path)
    missing = [m for m in study.metrics if m not in columns]
    if missing:
        raise StudyError(f'{path}: no column {missing[0]!r}; is it a report of '
                         f'study {study.name!r}? It reports {columns}')
    other = osp.splitext(osp.basename(path))[0]
    runs = {}
    for line, row in rows:
        variant, seed = row['variant'], _number(int, row, 'seed', path, line)
        reason = row['reason']
        if mapping is not None:
            if variant not in mapping:
                continue
            reason = f'= {other} {variant} seed {seed}' + (f'; {reason}' if reason
                                                          else '')
            variant = mapping[variant]
        if variant not in study.variants or seed not in study.seeds:
            raise StudyError(f'{path}: run {variant} seed {seed} is not in study '
                             f'{study.name!r}; is it a report of another study? '
                             '(map its variants: other.csv:theirs=ours)')
        runs[variant, seed] = _finished_run(
            study, row, reason, row.get('source') or osp.basename(path), path, line)
    return runs


def read_history(study, specs):
    """Earlier tables of this study whose runs have been measured again.

    A report keeps what it replaced: under each label, the variants whose runs
    differ from today's are listed with their earlier numbers.

    Args:
        study (Config): The loaded study.
        specs (Sequence[tuple[str, str]]): ``(results.csv, label)`` pairs; the label
            says what was different then (e.g. ``stem max-pool padded``).

    Returns:
        list[dict]: ``label``, ``source`` (the file's name) and ``runs``
        (``(variant, seed)`` -> ``metrics``) per table.
    """
    return [dict(label=label, source=osp.basename(path),
                 runs={key: run['metrics'] for key, run in
                       _read_results(study, path, None).items()})
            for path, label in specs]


def _merge_previous(results, previous):
    """Fill the runs this work dir has not finished from ``previous``."""
    for result in results:
        earlier = previous.get((result['variant'], result['seed']))
        if result['status'] != 'ok' and earlier:
            result.update(status='ok', **earlier)
    return results


def summarize_study(study, results):
    """Per metric and variant: seed statistics and the paired comparison.

    Returns:
        dict: metric -> variant -> ``summarize`` fields + ``paired_comparison``
        fields (NaN for the baseline) + ``values`` (seed -> value).
    """
    summary = {}
    for metric in study.metrics:
        by_variant = {v: {r['seed']: r['metrics'][metric] for r in results
                          if r['variant'] == v and r['status'] == 'ok'}
                      for v in study.variants}
        baseline = by_variant[study.baseline]
        summary[metric] = {}
        for variant, values in by_variant.items():
            row = summarize([values[s] for s in sorted(values)])
            row.update(paired_comparison(values, baseline)
                       if variant != study.baseline
                       else dict(n_pairs=len(values), delta=math.nan, p=math.nan))
            row['values'] = values
            summary[metric][variant] = row
    return summary


def _fmt(x, digits=3, sign=False):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return 'n/a'
    return f'{x:+.{digits}f}' if sign else f'{x:.{digits}f}'


def write_report(study, work_dir, command, previous=None, history=()):
    """Write report.md, results.csv, results.json and <study>.png to ``work_dir``.

    Args:
        study (Config): The loaded study.
        work_dir (str): The study's work dir.
        command (str): The command that made the report (quoted in it).
        previous (dict, optional): ``read_previous`` of an earlier report: the
            runs this work dir has not finished are taken from it.
        history (Sequence[dict]): ``read_history`` of tables whose changed
            variants the report lists under "Earlier measurements".

    Returns:
        dict: paths of the written files, and the run results.
    """
    runs = plan_runs(study, work_dir)
    results = _merge_previous([collect_run(study, run) for run in runs],
                              previous or {})
    summary = summarize_study(study, results)
    paths = {k: osp.join(work_dir, name) for k, name in (
        ('md', 'report.md'), ('csv', 'results.csv'), ('json', 'results.json'),
        ('png', f'{study.name}.png'))}
    with open(paths['csv'], 'w', newline='') as f:
        writer = csv.writer(f)
        writer.writerow(['variant', 'seed', 'status', 'reason', 'source',
                         *study.metrics])
        for r in results:
            writer.writerow([r['variant'], r['seed'], r['status'], r['reason'],
                             r['source'],
                             *(r['metrics'].get(m, '') for m in study.metrics)])
    with open(paths['json'], 'w') as f:
        json.dump(dict(study=study.name, base=study.base, baseline=study.baseline,
                       seeds=list(study.seeds), metrics=list(study.metrics),
                       test='two-sided paired t-test over seeds '
                       '(scipy.stats.ttest_rel)', runs=results,
                       summary=summary), f, indent=1, default=str)
    plot_study(study, summary, paths['png'])
    with open(paths['md'], 'w') as f:
        f.write(_markdown(study, results, summary, command,
                          osp.basename(paths['png']), history))
    return dict(paths=paths, results=results)


def _history_lines(study, results, earlier):
    """An "Earlier measurements" section: the variants whose runs changed."""
    now = {(r['variant'], r['seed']): r['metrics'] for r in results
           if r['status'] == 'ok'}
    changed = [v for v in study.variants
               if any(now.get(key) != metrics for key, metrics in
                      earlier['runs'].items() if key[0] == v)]
    lines = [f"## Earlier measurements: {earlier['label']}", '',
             f"The variants whose runs differ from the tables above, as "
             f"`{earlier['source']}` had them (then) beside the tables above (now): "
             'mean over seeds (n), change = now - then.', '',
             '| variant | n then / now | ' + ' | '.join(
                 f'{m} then | now | change' for m in study.metrics) + ' |',
             '|---|---|' + '---|---|---|' * len(study.metrics)]
    if not changed:
        return lines[:2] + [f"No variant differs from `{earlier['source']}`.", '']
    for variant in changed:
        then = [m for (v, _), m in sorted(earlier['runs'].items()) if v == variant]
        today = [m for (v, _), m in sorted(now.items()) if v == variant]
        cells = []
        for metric in study.metrics:
            a = summarize([m[metric] for m in then])['mean']
            b = summarize([m[metric] for m in today])['mean'] if today else math.nan
            cells += [_fmt(a), _fmt(b), _fmt(b - a, sign=True)]
        lines.append(f'| {variant} | {len(then)} / {len(today)} | '
                     + ' | '.join(cells) + ' |')
    return lines + ['']


def _markdown(study, results, summary, command, png, history=()):
    ok = sum(r['status'] == 'ok' for r in results)
    running = sum(r['status'] == 'running' for r in results)
    failed = [r for r in results if r['status'] != 'ok']
    base = osp.relpath(study.base, ROOT)
    lines = [
        f'# Study `{study.name}`', '',
        f'Base config `{base}`; {len(study.variants)} variants x '
        f'{len(study.seeds)} seeds = {len(results)} runs: {ok} finished, '
        + (f'{running} running, ' if running else '') +
        f'{sum(r["status"] == "failed" for r in results)} failed, '
        f'{sum(r["status"] == "missing" for r in results)} missing.',
        f'Made by `{command}`.', '']
    sources = sorted({r['source'] for r in results if r['source']})
    if sources:
        lines[-1:-1] = [
            f"{sum(bool(r['source']) for r in results)} of the finished runs are "
            f"taken from earlier reports ({', '.join(sources)}: column `source` of "
            'results.csv); the rest were read from this work dir.']
    for metric, rows in summary.items():
        lines += [f'## {metric}', '',
                  f'| variant | n | mean | std | 95% CI | delta vs {study.baseline} '
                  '(paired) | p (paired t) | per seed |',
                  '|---|---|---|---|---|---|---|---|']
        for variant, row in rows.items():
            is_base = variant == study.baseline
            name = f'{variant} (baseline)' if is_base else variant
            seeds = ', '.join(f'{s}: {_fmt(v)}' for s, v in sorted(
                row['values'].items()))
            lines.append(
                f"| {name} | {row['n']} | {_fmt(row['mean'])} | {_fmt(row['std'])} "
                f"| {'+-' + _fmt(row['ci95']) if row['n'] > 1 else 'n/a'} "
                f"| {'-' if is_base else _fmt(row['delta'], sign=True)} "
                f"| {'-' if is_base else _fmt(row['p'])} "
                f'| {seeds} |')
        lines.append('')
    lines += [f'![{study.name}]({png})', '']
    remarks = [r for r in results if r['status'] == 'ok' and r['reason']]
    if failed or remarks:
        lines += ['## Runs that failed, are missing, or need a remark', '',
                  '| variant | seed | status | reason |', '|---|---|---|---|']
        lines += [f"| {r['variant']} | {r['seed']} | {r['status']} | "
                  f"{r['reason'].replace('|', '/')} |" for r in failed + remarks]
        lines.append('')
    for earlier in history:
        lines += _history_lines(study, results, earlier)
    if study.get('references'):
        lines += ['## Published reference numbers (other settings: not comparable '
                  'as they are)', '', '| source | setting that differs | label | '
                  'value |', '|---|---|---|---|']
        for ref in study.references:
            for label, value in ref['values'].items():
                lines.append(f"| {ref['source']} | {ref['setting']} | {label} | "
                             f'{value} |')
        lines.append('')
    lines += [
        '## Statistics', '',
        'Mean and sample standard deviation (ddof 1) over seeds; 95% CI = '
        't(0.975, n-1) x std / sqrt(n); delta = mean of the per-seed differences '
        'to the baseline (same seed); p = two-sided paired t-test over those seeds '
        '(scipy.stats.ttest_rel). Only finished runs enter the statistics; with '
        'few seeds an interval is wide and a p-value weak evidence either way.', '']
    return '\n'.join(lines)


def plot_study(study, summary, path):
    """Bar plot, one row per metric: mean, 95% CI error bars, one dot per seed."""
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    metrics = list(summary)
    # One row per metric: a wide study stays readable at page width.
    fig, axes = plt.subplots(len(metrics), 1, squeeze=False,
                             figsize=(2.0 + 0.8 * len(study.variants),
                                      0.6 + 3.0 * len(metrics)))
    for ax, metric in zip(axes[:, 0], metrics):
        rows = summary[metric]
        names = list(rows)
        means = [rows[v]['mean'] for v in names]
        errors = [0 if math.isnan(rows[v]['ci95']) else rows[v]['ci95']
                  for v in names]
        bars = ax.bar(range(len(names)), [0 if math.isnan(m) else m for m in means],
                      yerr=errors, capsize=4, color='#9ecae1', edgecolor='#3182bd')
        bars[names.index(study.baseline)].set_hatch('//')
        for i, v in enumerate(names):
            seed_values = list(rows[v]['values'].values())
            ax.plot([i] * len(seed_values), seed_values, 'o', color='#08519c',
                    markersize=4)
            if not seed_values:
                ax.text(i, 0, 'no finished run', ha='center', va='bottom', fontsize=8)
        ax.set_xticks(range(len(names)), names, rotation=20)
        ax.set_title(metric, fontsize=10)
        ax.grid(axis='y', alpha=0.3)
    # two lines: a study of few variants makes a narrow figure
    fig.suptitle(f'{study.name}\nmean over seeds, 95% CI, dots = seeds '
                 '(hatched = baseline)', fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
