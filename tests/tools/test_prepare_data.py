"""tools/prepare_data.py writes each embedded dataset, with its parameters."""
import json

import pytest

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


def test_saliency_data_on_a_torus(tmp_path):
    run_tool('tools/prepare_data.py', 'synthetic_saliency', '--out', tmp_path,
             '--num-train', '2', '--num-val', '1', '--center-sigma', 'none', '--wrap',
             check=True)
    meta = json.loads((tmp_path / 'meta.json').read_text())
    assert meta['wrap'] is True and meta['center_sigma'] is None


@pytest.mark.parametrize('option', [['--center-sigma', '0.1'], ['--wrap']])
def test_saliency_options_belong_to_the_saliency_data(tmp_path, option):
    proc = run_tool('tools/prepare_data.py', 'synthetic_semantic', '--out', tmp_path,
                    *option)
    assert proc.returncode != 0
    assert f'error: {option[0]} is a parameter of synthetic_saliency only' in \
        proc.stderr


@pytest.mark.parametrize('dataset, option, expected', [
    ('synthetic_instances', ['--num-train', '0'],
     'synthesis parameter num_train=0; it takes a whole number of 1 or more'),
    ('synthetic_semantic', ['--image-size', '16'],  # objects up to 30 px
     'synthesis parameter image_size=16; it takes a whole number of 30 or more'),
    ('synthetic_saliency', ['--num-val', '-1'],
     'synthesis parameter num_val=-1; it takes a whole number of 1 or more'),
])
def test_parameters_that_make_no_data_are_one_line(tmp_path, dataset, option,
                                                   expected):
    proc = run_tool('tools/prepare_data.py', dataset, '--out', tmp_path / 'd', *option)
    assert proc.returncode == 1 and proc.stderr.strip() == f'error: {expected}'
    assert not (tmp_path / 'd').exists()  # nothing written, not even an empty split

