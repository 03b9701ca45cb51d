"""tools/probe.py end to end on the CPU: a readout per map, the table, probe.json,
probe.png; an encoder taken from a trained segmentor keeps every trained weight."""
import json

import pytest
import torch
from mmengine.config import Config

from conftest import ROOT, run_tool
from posseg.models.probes.position_readout import build_encoder
from posseg.utils.checkpoints import read_checkpoint, state_dict_of

FAST = ['--epochs', '2', '--length', '8', '--size', '32', '--batch-size', '8']


def test_readout_alone_end_to_end_and_again(tmp_path):
    work = tmp_path / 'probe'
    args = ['tools/probe.py', 'configs/probe/posenet_readout-only.py', '--gt', 'H',
            'V', '--inputs', 'natural', 'black', 'noise', '--work-dir', work, *FAST]
    proc = run_tool(*args, check=True)
    result = json.loads((work / 'probe.json').read_text())
    assert list(result) == ['H', 'V']
    for gt in result:
        assert list(result[gt]) == ['natural', 'black', 'noise']
        for scores in result[gt].values():
            assert -1 <= scores['spc'] <= 1 and 0 <= scores['mae'] <= 1
    assert (work / 'probe.png').stat().st_size > 1000
    assert '| GT | natural | black | noise |' in proc.stdout
    assert f"| H | {result['H']['natural']['spc']:.3f} / " in proc.stdout
    assert 'H: epoch 2/2, MSE' in proc.stdout
    again = run_tool(*args, check=True)  # done maps are not trained again
    assert '[1/2] H: done before' in again.stdout and 'epoch 1/2' not in again.stdout
    assert json.loads((work / 'probe.json').read_text()) == result
    more = run_tool(*args, '--inputs', 'natural', 'white', check=True)
    assert '[1/2] H: trained before; testing it on white' in more.stdout
    assert 'epoch 1/2' not in more.stdout
    assert json.loads((work / 'probe.json').read_text())['H']['natural'] == (
        result['H']['natural'])
    other = run_tool(*args, '--epochs', '3')  # not the readouts of this question
    assert other.returncode == 1 and other.stderr.strip().splitlines() == [
        f'error: {work}/H holds a readout made with epochs 2 (now 3); pass another '
        f'--work-dir, or remove {work}/H to probe again']


def test_encoder_of_a_trained_segmentor_keeps_its_weights(tmp_path):
    cfg = Config.fromfile(f'{ROOT}/configs/seg_nocoord.py')
    segmentor = build_encoder(dict(cfg.model, type='mmseg.' + cfg.model.type))
    with torch.no_grad():
        for p in segmentor.parameters():
            p.add_(torch.randn_like(p))
    ckpt = tmp_path / 'seg.pth'
    torch.save(dict(meta=dict(), state_dict=segmentor.state_dict()), ckpt)
    work = tmp_path / 'probe'
    run_tool('tools/probe.py', 'configs/seg_nocoord.py', ckpt, '--gt', 'H',
             '--inputs', 'natural', '--work-dir', work, *FAST, check=True)
    readout = state_dict_of(read_checkpoint(work / 'H' / 'epoch_2.pth'))
    trained = {k[len('backbone.'):]: v for k, v in segmentor.state_dict().items()
               if k.startswith('backbone.')}
    encoder = {k[len('encoder.'):]: v for k, v in readout.items()
               if k.startswith('encoder.')}
    assert list(encoder) == list(trained)
    assert all(torch.equal(encoder[k], trained[k]) for k in trained)
    with torch.no_grad():  # trained again into the same file: probed again
        next(segmentor.parameters()).add_(1)
    torch.save(dict(meta=dict(), state_dict=segmentor.state_dict()), ckpt)
    again = run_tool('tools/probe.py', 'configs/seg_nocoord.py', ckpt, '--gt', 'H',
                     '--inputs', 'natural', '--work-dir', work, *FAST)
    assert again.returncode == 1
    assert f'holds a readout made with checkpoint {ckpt} (now {ckpt}, changed ' \
           'since)' in again.stderr


@pytest.mark.parametrize('bad, expected', [
    (['no/such.pth'], "checkpoint 'no/such.pth' not found"),
    (['--gt', 'Q'], "invalid choice: 'Q'"),
    (['--epochs', '0'], 'argument --epochs: 0 is not a positive number (1 or more)'),
    (['--size', 'x'], "argument --size: invalid positive number value: 'x'")])
def test_mistakes_are_named(bad, expected, tmp_path):
    proc = run_tool('tools/probe.py', 'configs/seg_nocoord.py', *bad,
                    '--work-dir', tmp_path)
    assert proc.returncode != 0 and expected in proc.stderr
