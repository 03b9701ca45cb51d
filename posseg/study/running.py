"""Mark a run as being trained, so that no second study trains or reports it too.

While ``run_local`` trains a run, the run's work dir holds ``running.pid``: the
host, the trainer's pid and (on Linux) the process start time. A file left behind by
a killed study names a dead process and is ignored; so is a file from another host,
whose processes cannot be checked from here.
"""
import contextlib
import os
import os.path as osp
import socket

RUNNING_FILE = 'running.pid'


def _start_time(pid):
    """A process's start time (clock ticks since boot), ``None`` for a zombie or a
    missing process, ``''`` where there is no /proc to read it from."""
    if not osp.isdir('/proc'):
        return ''
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
    except OSError:
        return None
    return None if fields[0] == 'Z' else fields[19]


def _alive(pid, start_time):
    if start_time == '':  # no /proc: a signal 0 tells whether the pid exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    return _start_time(pid) == start_time


def running_pid(run):
    """The pid of the live process on this host that trains the run, if any.

    Args:
        run (Run): The run.

    Returns:
        int | None
    """
    try:
        with open(osp.join(run.work_dir, RUNNING_FILE)) as f:
            host, pid, *start = f.read().split()
        pid = int(pid)
    except (OSError, ValueError):
        return None
    if host != socket.gethostname():
        return None
    return pid if _alive(pid, start[0] if start else '') else None


@contextlib.contextmanager
def mark_running(run, pid):
    """Write the run's ``running.pid`` for process ``pid``; remove it on exit.

    Args:
        run (Run): The run.
        pid (int): The trainer's pid.
    """
    path = osp.join(run.work_dir, RUNNING_FILE)
    start = _start_time(pid)  # None: already gone; '-' never matches a live one
    with open(path, 'w') as f:
        f.write(f"{socket.gethostname()} {pid} {'-' if start is None else start}\n")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.remove(path)
