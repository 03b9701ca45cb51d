"""PositionProbeHook: SPC of H and V during training, in the log and metrics.json,
without changing what the run trains."""
import json

import torch

from conftest import ROOT, TINY_MMSEG_CONFIG, run_tool
from posseg.utils.checkpoints import read_checkpoint, state_dict_of

PROBE = """
custom_hooks = [dict(type='PositionProbeHook', interval=1, size=32, epochs=1,
                     length=16, batch_size=8)]
"""


def _train(tmp_path, name, extra=''):
    cfg = tmp_path / f'{name}.py'
    cfg.write_text(TINY_MMSEG_CONFIG.format(base=f'{ROOT}/configs/seg_nocoord.py',
                                            root=str(tmp_path / 'sem') + '/') + extra)
    work = tmp_path / name
    proc = run_tool('tools/train.py', cfg, '--work-dir', work, check=True)
    return proc, work


def test_probe_is_logged_and_leaves_training_unchanged(tmp_path):
    proc, work = _train(tmp_path, 'probed', PROBE)
    record = json.loads((work / 'metrics.json').read_text())
    probe, = record['probe']
    assert (probe['epoch'], probe['iter']) == (1, 2)  # 8 images, batch 4
    assert set(probe['metrics']) == {'H_SPC', 'H_MAE', 'V_SPC', 'V_MAE'}
    assert all(-1 <= probe['metrics'][f'{gt}_SPC'] <= 1 for gt in 'HV')
    assert 'position probe: H_SPC' in proc.stdout + proc.stderr
    _, plain = _train(tmp_path, 'plain')
    probed_w = state_dict_of(read_checkpoint(work / 'epoch_1.pth'))
    plain_w = state_dict_of(read_checkpoint(plain / 'epoch_1.pth'))
    assert all(torch.equal(probed_w[k], plain_w[k]) for k in plain_w)
    assert json.loads((plain / 'metrics.json').read_text())['val'][0]['metrics'] == \
        record['val'][0]['metrics']
