"""docs/custom_padding.md, step by step, on tiny data: register, config, train, study."""
import json

from conftest import ROOT, doc_blocks, run_tool


def test_guide_end_to_end(tiny_config, tmp_path):
    blocks = doc_blocks('custom_padding.md')
    assert blocks['train'].split() == ['python', 'tools/train.py',
                                       'configs/solo_meanpad.py']
    assert blocks['study'].split() == ['python', 'tools/study.py',
                                       'configs/studies/meanpad.py']
    # 1. the padding module, importable as the guide says (PYTHONPATH)
    (tmp_path / 'my_padding.py').write_text(blocks['my_padding.py'])
    env = dict(PYTHONPATH=str(tmp_path))
    # 2. the five-line config (kept out of configs/: its base made absolute)
    meanpad = tmp_path / 'solo_meanpad.py'
    meanpad.write_text(blocks['configs/solo_meanpad.py'].replace(
        "'./solo_coordconv.py'", repr(f'{ROOT}/configs/solo_coordconv.py')))
    # 3. train it (the tiny-data version of that config)
    tiny_meanpad = tiny_config(epochs=1, base=str(meanpad), name='tiny_meanpad.py')
    work_dir = tmp_path / 'train'
    run_tool('tools/train.py', tiny_meanpad, '--work-dir', work_dir, env=env,
             check=True)
    assert json.loads((work_dir / 'metrics.json').read_text())['val']
    dumped = next(work_dir.glob('*/vis_data/config.py')).read_text()
    assert "padding_mode='mean'" in dumped and "'my_padding'" in dumped
    # 4. the study, each variant on tiny data
    study = tmp_path / 'meanpad.py'
    study.write_text(blocks['configs/studies/meanpad.py']
                     .replace("'configs/solo_coordconv.py'", repr(tiny_config(epochs=1)))
                     .replace("'configs/solo_meanpad.py'", repr(tiny_meanpad)))
    out = run_tool('tools/study.py', study, '--work-dir', tmp_path / 'meanpad',
                   env=env, check=True).stdout
    assert '6 runs, 0 already finished, 6 to run' in out
    report = (tmp_path / 'meanpad' / 'report.md').read_text()
    assert '6 runs: 6 finished' in report and '| mean |' in report
