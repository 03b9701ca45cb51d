"""tools/prepare_data.py writes each embedded dataset, with its parameters."""
import json

from conftest import run_tool


def test_saliency_data_with_and_without_centre_bias(tmp_path):
    for sigma, want in (('none', None), ('0.2', 0.2)):
        out = tmp_path / sigma
        proc = run_tool('tools/prepare_data.py', 'synthetic_saliency', '--out', out,
                        '--num-train', '2', '--num-val', '1', '--center-sigma', sigma,
                        check=True)
        assert f'synthetic_saliency ready in {out}' in proc.stdout
        meta = json.loads((out / 'meta.json').read_text())
        assert meta['center_sigma'] == want and meta['num_train'] == 2
        assert len(list((out / 'img_dir' / 'train').glob('*.png'))) == 2


def test_centre_bias_belongs_to_the_saliency_data(tmp_path):
    proc = run_tool('tools/prepare_data.py', 'synthetic_semantic', '--out', tmp_path,
                    '--center-sigma', '0.1')
    assert proc.returncode != 0
    assert 'error: --center-sigma is a parameter of synthetic_saliency only' in \
        proc.stderr
