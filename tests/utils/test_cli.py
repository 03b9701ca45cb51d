"""posseg.utils.cli: one-line errors, the process group torn down before exit, and
the argparse types of counts."""
import argparse
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


def test_under_the_launcher_the_error_is_left_to_it(tmp_path, monkeypatch):
    monkeypatch.setenv('POSSEG_ERROR_DIR', str(tmp_path))
    monkeypatch.setenv('RANK', '3')

    def main():
        raise PossegError('bad input; fix it')

    with pytest.raises(SystemExit) as exit_:
        run_main(main)
    assert exit_.value.code == 1  # said by tools/torchrun.py, once for all ranks
    assert (tmp_path / '3').read_text() == 'error: bad input; fix it'
    monkeypatch.setenv('POSSEG_ERROR_DIR', str(tmp_path / 'gone'))
    with pytest.raises(SystemExit) as exit_:  # no folder: printed here after all
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
