"""torchrun (torch.distributed.run) for dist_train.sh and dist_test.sh, ending in one
line when a process fails.

    python tools/torchrun.py [torchrun options] SCRIPT [script args]

torchrun would add its traceback and failure report to each process's error. Here
posseg's tools (tools/train.py, test.py) leave their error line to this launcher
(``POSSEG_ERROR_DIR``; ``posseg.utils.cli.left_for_launcher``), which prints each
distinct line once with the ranks that gave it, e.g. ``error: ... (ranks 0, 1)``. A
process that left no line (killed, or a script of another kind that printed its
own error) gets one line naming its rank and exit code or signal. The launcher exits
with the code of the first process that failed; a SIGTERM or SIGHUP to it stops
every process and exits 128 + the signal, as torchrun does, without a traceback.
"""
import logging
import os
import signal
import sys
import tempfile

from torch.distributed.elastic.multiprocessing.api import SignalException
from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
from torch.distributed.run import parse_args, run

# posseg.utils.cli.ERROR_DIR, read by left_for_launcher (a test keeps the two
# equal; importing posseg here would add seconds to every launch)
ERROR_DIR = 'POSSEG_ERROR_DIR'


def _ranks(ranks):
    """``rank 1`` or ``ranks 0, 1``."""
    return ('rank ' if len(ranks) == 1 else 'ranks ') + ', '.join(map(str, ranks))


def failure_lines(err, script, errors=None):
    """The lines for a failed run: each distinct error once.

    Args:
        err (ChildFailedError): What torchrun raised.
        script (str): The script the processes ran.
        errors (dict, optional): rank -> the error line that rank left.

    Returns:
        tuple[list[str], int]: The lines and the exit code to end with (the first
        failure's).
    """
    errors = errors or {}
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


def _read_errors(folder):
    """rank -> the error line it left in ``folder``."""
    errors = {}
    for name in os.listdir(folder):
        with open(os.path.join(folder, name)) as f:
            errors[int(name)] = f.read().strip()
    return errors


def main():
    args = parse_args(sys.argv[1:])
    # torchrun's failure report is logged here (its tracebacks are raised)
    logging.getLogger('torch.distributed.elastic').setLevel(logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix='posseg-errors-') as folder:
        os.environ[ERROR_DIR] = folder  # the processes inherit it
        try:
            run(args)
        except ChildFailedError as err:
            lines, code = failure_lines(err, args.training_script,
                                        _read_errors(folder))
            print('\n'.join(lines), file=sys.stderr)
            sys.exit(code)
        except SignalException as err:
            sys.exit(128 + err.sigval)


if __name__ == '__main__':
    main()
