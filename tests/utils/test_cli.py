"""run_main: one-line errors and the process group torn down before exit."""
import pytest
import torch
import torch.distributed as dist

from conftest import free_port
from posseg.utils.cli import run_main
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
