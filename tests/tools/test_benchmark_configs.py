"""tools/benchmark_configs.py: configs trained side by side on a synthetic batch."""
from conftest import run_tool


def test_table_has_every_config_against_the_baseline():
    configs = ['mmdet::solo/solo_r50_fpn_1x_coco.py', 'configs/solo_nocoord.py']
    out = run_tool('tools/benchmark_configs.py', *configs, '--image-size', '64', '96',
                   '--batch-size', '1', '--steps', '2', '--warmup', '1',
                   '--cudnn-benchmark', check=True).stdout
    assert ('cpu, batch 1 x 64x96 px, median of 2 steps (after 1 warm-up), '
            'alternating configs, cudnn.benchmark') in out
    rows = [line.split(' | ') for line in out.splitlines()
            if line.startswith('| configs') or line.startswith('| mmdet')]
    assert [r[0].lstrip('| ') for r in rows] == configs
    assert rows[0][3] == '1.000 |'  # the baseline against itself
    assert all(float(r[2]) > 0 for r in rows)  # images/s
