"""torchrun (torch.distributed.run) for dist_train.sh and dist_test.sh, ending in one
line when a process fails.

    python tools/torchrun.py [torchrun options] SCRIPT [script args]

torchrun would add its traceback and failure report to each process's error. Here
posseg's tools (tools/train.py, test.py) leave their error line in the error file
torchrun gives each process (``TORCHELASTIC_ERROR_FILE``;
``posseg.utils.cli.left_for_launcher``), and this launcher prints each distinct line
once with the ranks that gave it, e.g. ``error: ... (ranks 0, 1)``. A
process that left no line (killed, or a script of another kind that printed its
own error) gets one line naming its rank and exit code or signal. The launcher exits
with the code of the first process that failed; a SIGTERM or SIGHUP to it stops
every process and exits 128 + the signal, as torchrun does, without a traceback.
"""
import logging
import signal
import sys

from torch.distributed.elastic.multiprocessing.api import SignalException
from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
from torch.distributed.run import parse_args, run


def _ranks(ranks):
    """``rank 1`` or ``ranks 0, 1`` (in order of rank)."""
    names = ', '.join(map(str, sorted(ranks)))
    return ('rank ' if len(ranks) == 1 else 'ranks ') + names


def left_line(failure):
    """The error line a process left in its error file, or None.

    Args:
        failure (ProcessFailure): One process's failure, as torchrun read it.

    Returns:
        str | None
    """
    message = failure.message  # a dict where the process wrote its error file
    return message.get('message') if isinstance(message, dict) else None


def failure_lines(err, script):
    """The lines for a failed run: each distinct error once.

    Args:
        err (ChildFailedError): What torchrun raised.
        script (str): The script the processes ran.

    Returns:
        tuple[list[str], int]: The lines and the exit code to end with (the first
        failure's).
    """
    left = {rank: left_line(failure) for rank, failure in err.failures.items()}
    errors = {rank: line for rank, line in left.items() if line}
    stopped = -signal.SIGTERM  # how torchrun ends the others after a failure
    failures = {r: f for r, f in err.failures.items()
                if f.exitcode != stopped or r in errors} or err.failures
    order = sorted(failures, key=lambda r: (failures[r].timestamp, r))
    said = {}  # error line -> ranks, in order of failure
    for rank in order:
        failure = failures[rank]
        if rank in errors:
            line = errors[rank]
        elif failure.exitcode < 0:
            name = failure.signal_name()
            hint = '; out of memory?' if name == 'SIGKILL' else ''
            line = f'error: {script}: rank {rank} was killed by {name}{hint}'
        else:
            line = (f'error: {script}: rank {rank} exited with {failure.exitcode}; '
                    'its error is above')
        said.setdefault(line, []).append(rank)
    lines = [line if line not in errors.values() else f'{line} ({_ranks(ranks)})'
             for line, ranks in said.items()]
    if order[0] in errors:  # it exited 1 (run_main), or was stopped while exiting
        return lines, 1
    first = failures[order[0]].exitcode
    return lines, 128 - first if first < 0 else first


def main():
    args = parse_args(sys.argv[1:])
    # torchrun's failure report is logged here (its tracebacks are raised)
    logging.getLogger('torch.distributed.elastic').setLevel(logging.CRITICAL)
    try:
        run(args)
    except ChildFailedError as err:
        lines, code = failure_lines(err, args.training_script)
        print('\n'.join(lines), file=sys.stderr)
        sys.exit(code)
    except SignalException as err:
        sys.exit(128 + err.sigval)


if __name__ == '__main__':
    main()
