"""docs/custom_padding.md as a user follows it: its files written as they are into an
empty folder outside the checkout, its commands typed there as they are."""
import json
import os
import os.path as osp
import subprocess
import sys

from conftest import ROOT, doc_blocks


def _shell(command, cwd, env):
    proc = subprocess.run(['bash', '-c', command], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=900)
    assert proc.returncode == 0, f'{command}:\n{proc.stdout[-3000:]}\n{proc.stderr}'
    return proc.stdout


def test_guide_end_to_end(tiny_config, tmp_path):
    blocks = doc_blocks('custom_padding.md')
    assert [blocks[k] for k in ('train', 'study')] == [
        'python $POSSEG/tools/train.py configs/solo_meanpad.py\n',
        'python $POSSEG/tools/study.py configs/studies/meanpad.py\n']
    user = tmp_path / 'my_project'
    for name in ('my_padding.py', 'configs/solo_meanpad.py',
                 'configs/studies/meanpad.py'):
        (user / name).parent.mkdir(parents=True, exist_ok=True)
        (user / name).write_text(blocks[name])
    # tiny data: the user's folder stands in for the checkout's quick-start config
    # (POSSEG_ROOT for the guide's config, the working directory for the study)
    (user / 'configs' / 'solo_coordconv.py').write_text(
        f'_base_ = {tiny_config(epochs=1)!r}\n')
    env = dict(os.environ, POSSEG=ROOT, POSSEG_ROOT=str(user),
               PATH=osp.dirname(sys.executable) + os.pathsep + os.environ['PATH'])
    env.pop('PYTHONPATH', None)

    _shell(blocks['train'], user, env)
    work_dir = user / 'work_dirs' / 'solo_meanpad'
    assert json.loads((work_dir / 'metrics.json').read_text())['val']
    dumped = next(work_dir.glob('*/vis_data/config.py')).read_text()
    assert "padding_mode='mean'" in dumped and "'my_padding'" in dumped

    out = _shell(blocks['study'], user, env)
    assert '6 runs, 0 already finished, 6 to run' in out
    report = (user / 'work_dirs' / 'studies' / 'meanpad' / 'report.md').read_text()
    assert '6 runs: 6 finished' in report and '| mean |' in report
    assert not (tmp_path / 'data').exists() and not osp.exists(
        osp.join(ROOT, 'work_dirs', 'solo_meanpad'))
