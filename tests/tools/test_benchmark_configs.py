"""tools/benchmark_configs.py: configs trained side by side on a synthetic batch."""
import pytest

from conftest import run_tool


def test_table_rows_follow_from_the_measured_times():
    configs = ['mmdet::solo/solo_r50_fpn_1x_coco.py', 'configs/solo_nocoord.py']
    out = run_tool('tools/benchmark_configs.py', *configs, '--image-size', '64', '96',
                   '--batch-size', '2', '--steps', '2', '--warmup', '1',
                   '--cudnn-benchmark', check=True).stdout
    assert ('cpu, batch 2 x 64x96 px, median of 2 steps (after 1 warm-up), '
            'alternating configs, cudnn.benchmark') in out
    rows = [line.strip('| ').split(' | ') for line in out.splitlines()
            if line.startswith('| configs') or line.startswith('| mmdet')]
    assert [r[0] for r in rows] == configs
    (_, base_s, base_ips, base_ratio), (_, s, ips, ratio) = [
        (r[0], *map(float, r[1:])) for r in rows]
    assert base_ratio == 1.0
    # images/s is the batch over s/step, the ratio the baseline's s/step over its
    # own (to the printed precision: s/step has 3 decimals, images/s 2)
    assert base_ips == pytest.approx(2 / base_s, rel=2e-3 / base_s + 1e-2, abs=6e-3)
    assert ips == pytest.approx(2 / s, rel=2e-3 / s + 1e-2, abs=6e-3)
    assert ratio == pytest.approx(base_s / s, rel=2e-3 / min(s, base_s) + 1e-2)
    assert s > 0 and base_s > 0


def test_segmentors_are_benchmarked_on_label_maps():
    configs = ['configs/seg_nocoord.py', 'configs/seg_nocoord_circular.py']
    out = run_tool('tools/benchmark_configs.py', *configs, '--image-size', '64', '64',
                   '--steps', '1', '--warmup', '1', check=True).stdout
    rows = [line for line in out.splitlines() if line.startswith('| configs/seg')]
    assert [r.split(' | ')[0].strip('| ') for r in rows] == configs


def test_detectors_and_segmentors_do_not_mix():
    proc = run_tool('tools/benchmark_configs.py', 'configs/seg_nocoord.py',
                    'configs/solo_nocoord.py', '--image-size', '64', '64',
                    '--steps', '1', '--warmup', '0')
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1] == (
        'error: the configs mix detectors and segmentors; benchmark each kind in its '
        'own run')
