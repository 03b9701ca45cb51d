"""End a distributed run before interpreter teardown can abort it.

torch 2.14: a rank whose gloo process group is left to interpreter teardown can die
with "terminate called without an active exception" (SIGABRT) after training
finished (pytorch/pytorch#190489; the atexit fix, pytorch/pytorch#179291, was not
merged), and CI saw it even after ``destroy_process_group``. So a torchrun worker
destroys its group and then exits at once, its logs flushed.
Can go when torch tears process groups down safely at exit.
"""
import logging
import os
import sys

import torch


def end_distributed_run(outcome=None):
    """Destroy the process group; a torchrun worker then exits here.

    Args:
        outcome (str | int, optional): A failed run's error line (printed) or 1
            (its line said elsewhere): exit 1; None for success (exit 0).
    """
    if not torch.distributed.is_initialized():
        return
    torch.distributed.destroy_process_group()
    if 'TORCHELASTIC_RUN_ID' not in os.environ:  # not a torchrun worker
        return
    if isinstance(outcome, str):
        print(outcome, file=sys.stderr)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(1 if outcome else 0)
