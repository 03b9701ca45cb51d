"""torchrun (torch.distributed.run) for dist_train.sh and dist_test.sh, ending in one
line when a process fails.

    python tools/torchrun.py [torchrun options] SCRIPT [script args]

Each process prints its own error line (tools/train.py, test.py); torchrun would add
its traceback and failure report. Here the run ends with one line naming the first
failed rank and its exit code (or the signal that killed it), and exits with that
code; a SIGTERM or SIGHUP to this launcher stops every process and exits 128 + the
signal, as torchrun does, without a traceback.
"""
import logging
import signal
import sys

from torch.distributed.elastic.multiprocessing.api import SignalException
from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
from torch.distributed.run import parse_args, run


def failure_line(err, script):
    """The one line for a failed run.

    Args:
        err (ChildFailedError): What torchrun raised.
        script (str): The script the processes ran.

    Returns:
        tuple[str, int]: The line and the exit code to end with.
    """
    stopped = -signal.SIGTERM  # how torchrun ends the others after a failure
    failures = {r: f for r, f in err.failures.items()
                if f.exitcode != stopped} or err.failures
    rank = min(failures, key=lambda r: failures[r].timestamp)
    failure = failures[rank]
    if failure.exitcode < 0:
        name = failure.signal_name()
        hint = '; out of memory?' if name == 'SIGKILL' else ''
        return (f'error: {script}: rank {rank} was killed by {name}{hint}',
                128 - failure.exitcode)
    return (f'error: {script}: rank {rank} exited with {failure.exitcode}; its error '
            'is above', failure.exitcode)


def main():
    args = parse_args(sys.argv[1:])
    # torchrun's failure report is logged here (its tracebacks are raised)
    logging.getLogger('torch.distributed.elastic').setLevel(logging.CRITICAL)
    try:
        run(args)
    except ChildFailedError as err:
        line, code = failure_line(err, args.training_script)
        print(line, file=sys.stderr)
        sys.exit(code)
    except SignalException as err:
        sys.exit(128 + err.sigval)


if __name__ == '__main__':
    main()
