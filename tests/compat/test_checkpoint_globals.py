"""mmengine checkpoints load under torch's default weights_only=True, and only them."""
import collections
import io
import subprocess
import sys

import pytest
import torch

import posseg  # noqa: F401  (registers the globals)


def test_stock_torch_refuses_an_mmengine_checkpoint(trained_run):
    _, work_dir = trained_run
    code = ('import torch, sys\n'
            'try:\n    torch.load(sys.argv[1])\n'
            'except Exception as e:\n    print(type(e).__name__)\n')
    out = subprocess.run([sys.executable, '-c', code, str(work_dir / 'epoch_2.pth')],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == 'UnpicklingError'  # so the registration below matters


def test_checkpoint_loads_with_its_message_hub(trained_run):
    _, work_dir = trained_run
    ckpt = torch.load(work_dir / 'epoch_2.pth')  # weights_only=True by default
    assert ckpt['meta']['epoch'] == 2
    buffer = ckpt['message_hub']['log_scalars']['train/loss']
    assert buffer.statistics('mean') == pytest.approx(buffer.mean())


class _Reach:
    def __init__(self, owner, name):
        self.owner, self.name = owner, name

    def __reduce__(self):
        return getattr, (self.owner, self.name)


def test_getattr_is_refused_beyond_history_buffer_statistics():
    buf = io.BytesIO()
    torch.save({'x': _Reach(collections.OrderedDict, 'fromkeys')}, buf)
    buf.seek(0)
    with pytest.raises(Exception, match='only allows HistoryBuffer'):
        torch.load(buf)
