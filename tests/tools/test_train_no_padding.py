"""tools/train.py trains and evaluates the no-padding quick-start config on the CPU."""
import json

from conftest import run_tool


def test_no_padding_config_trains_and_evaluates(tiny_config, tmp_path):
    cfg = tiny_config(base='configs/solo_nocoord_none.py', name='tiny_none.py')
    work_dir = tmp_path / 'work'
    # 4 steps leave masks and scores below SOLO's thresholds: keep everything,
    # so that the evaluation scores predicted masks
    proc = run_tool('tools/train.py', cfg, '--work-dir', work_dir, '--cfg-options',
                    'model.test_cfg.mask_thr=0.0', 'model.test_cfg.filter_thr=0.0',
                    check=True)
    assert 'Evaluating segm' in proc.stdout + proc.stderr
    val = json.loads((work_dir / 'metrics.json').read_text())['val']
    assert [e['epoch'] for e in val] == [1]
    assert 'coco/segm_mAP' in val[0]['metrics']
