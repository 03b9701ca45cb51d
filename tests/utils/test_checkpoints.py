import random
import warnings

import pytest
import torch

from posseg.utils.checkpoints import CheckpointError, read_checkpoint


def test_a_damaged_file_torch_warns_about_is_one_error_and_no_warning(tmp_path):
    # a pickle header of protocol 193: torch warns of the protocol, then fails
    path = tmp_path / 'damaged.pth'
    path.write_bytes(b'\x80\xc1' + random.Random(0).randbytes(4094))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        with pytest.raises(CheckpointError, match='is damaged or not a PyTorch '
                           r'checkpoint \(unreadable: '):
            read_checkpoint(str(path))
    assert [str(w.message) for w in caught] == []


def test_the_warnings_of_a_checkpoint_that_loads_reach_the_caller(tmp_path):
    path = tmp_path / 'protocol3.pth'
    torch.save({'state_dict': {'w': torch.ones(2)}}, path, pickle_protocol=3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        checkpoint = read_checkpoint(str(path))
    assert torch.equal(checkpoint['state_dict']['w'], torch.ones(2))
    assert any('pickle protocol 3' in str(w.message) for w in caught)
