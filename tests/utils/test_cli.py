"""posseg.utils.cli: one-line errors, the process group torn down before exit, and
the argparse types of counts."""
import argparse
import json
import re

import pytest
import torch
import torch.distributed as dist

from conftest import free_port
from posseg.utils.cli import count, int_at_least, positive, run_main
from posseg.utils.errors import PossegError


@pytest.fixture
def process_group():
    dist.init_process_group('gloo', init_method=f'tcp://127.0.0.1:{free_port()}',
                            rank=0, world_size=1)
    yield
    if dist.is_initialized():
        dist.destroy_process_group()


def test_process_group_destroyed_after_main(process_group):
    run_main(lambda: dist.all_reduce(torch.ones(1)))
    assert not dist.is_initialized()


def test_error_is_one_line_exit_and_still_destroys_the_group(process_group):
    def main():
        raise PossegError('bad input; fix it')

    with pytest.raises(SystemExit) as exit_:
        run_main(main)
    assert exit_.value.code == 'error: bad input; fix it'
    assert not dist.is_initialized()


def test_under_torchrun_the_error_is_left_in_its_error_file(tmp_path, monkeypatch):
    monkeypatch.setenv('TORCHELASTIC_ERROR_FILE', str(tmp_path / 'error.json'))

    def main():
        raise PossegError('bad input; fix it')

    with pytest.raises(SystemExit) as exit_:
        run_main(main)
    assert exit_.value.code == 1  # said by tools/torchrun.py, once for all ranks
    message = json.loads((tmp_path / 'error.json').read_text())['message']
    assert message['message'] == 'error: bad input; fix it'
    assert int(message['extraInfo']['timestamp']) > 0  # torch orders failures by it
    for path in ('', str(tmp_path / 'gone' / 'error.json')):  # no file to write
        monkeypatch.setenv('TORCHELASTIC_ERROR_FILE', path)
        with pytest.raises(SystemExit) as exit_:  # printed here after all
            run_main(main)
        assert exit_.value.code == 'error: bad input; fix it'


def test_counts_and_positive_numbers_name_what_they_take():
    parser = argparse.ArgumentParser(exit_on_error=False)
    parser.add_argument('--gpus', type=count)
    parser.add_argument('--steps', type=positive)
    parser.add_argument('--side', type=int_at_least(2, 'side in pixels'))
    assert vars(parser.parse_args(['--gpus', '0', '--steps', '1', '--side', '2'])) \
        == dict(gpus=0, steps=1, side=2)
    for option, expected in (
            (['--gpus', '-1'], 'argument --gpus: -1 is not a count (0 or more)'),
            (['--steps', '0'], 'argument --steps: 0 is not a positive number (1 or '
             'more)'),
            (['--side', '1'], 'argument --side: 1 is not a side in pixels (2 or more)'),
            (['--steps', 'x'], "argument --steps: invalid positive number value: "
             "'x'")):
        with pytest.raises(argparse.ArgumentError, match=re.escape(expected)):
            parser.parse_args(option)
