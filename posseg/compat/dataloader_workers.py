"""Children of a tool process die with it, even when it is killed (SIGKILL).

torch 2.14's DataLoader workers notice a dead parent only when idle; busy ones stay
(~0.6 GB each) until their output pipe drains, i.e. for minutes after a SIGKILL of
the training process. Forked children here get the kernel's parent-death signal.
Can go when torch's workers exit with their parent.
"""
import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h

_forker = []  # the pid of the process that forks, recorded just before


def _die_with_parent():
    """In a forked child: receive SIGKILL when the forking thread's process dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the workers' own watchdog
        return
    if os.getppid() != _forker[0]:  # died before prctl took effect
        os._exit(1)


def children_die_with_this_process():
    """Forked children (dataloader workers) are killed when their parent dies."""
    if not _forker:
        _forker.append(os.getpid())
        os.register_at_fork(before=lambda: _forker.__setitem__(0, os.getpid()),
                            after_in_child=_die_with_parent)
