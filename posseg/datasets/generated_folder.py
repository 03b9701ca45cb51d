"""A folder that posseg writes a generated dataset into, and never anything else.

posseg writes a generated dataset only into a folder that is new, empty, or carries
its marker file ``.posseg-dataset`` (written first, before any data). Anything else
(a folder with other files, a file in its place, the working directory) stops with
one line naming it. Rewriting a folder of posseg's (other parameters, or a generation
that was interrupted) removes only the entries the marker lists as posseg's own.
A file lock inside the folder makes concurrent first uses (DDP ranks) safe.
"""
import fcntl
import json
import os
import os.path as osp
import shutil
import tempfile

from mmengine.logging import print_log

from ..utils.errors import PossegError

MARKER = '.posseg-dataset'
LOCK = '.posseg.lock'
TMP_PREFIX = '.posseg-tmp-'


class DataFolderError(PossegError):
    """A dataset folder posseg must not write into."""


def check_data_folder(root, name):
    """Raise :class:`DataFolderError` unless posseg may write dataset ``name`` there.

    Args:
        root (str): The dataset folder (a config's ``data_root``).
        name (str): The dataset's name, e.g. ``synthetic_instances``.
    """
    hint = f'point data_root at a new or empty folder, e.g. data/{name}/'
    path = osp.normpath(root or '.')
    real, cwd = osp.realpath(path), osp.realpath(os.getcwd())
    if real == cwd or cwd.startswith(real.rstrip(os.sep) + os.sep):
        raise DataFolderError(
            f'data_root {root!r} is the working directory or a folder above it; '
            f'a generated dataset needs a folder of its own: {hint}')
    if osp.lexists(path) and not osp.isdir(path):
        raise DataFolderError(f'data_root {root!r} is a file, not a folder; {hint}')
    if osp.isdir(path) and _marker(path) is None:
        others = sorted(set(os.listdir(path)) - {LOCK})
        if others:
            raise DataFolderError(
                f'data_root {root!r} holds files posseg did not write ({others[0]!r}'
                f'{f" and {len(others) - 1} more" if len(others) > 1 else ""}) and '
                f'no {MARKER} marker; posseg will not write {name} there: {hint}')


def _marker(root):
    try:
        with open(osp.join(root, MARKER)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _write_marker(root, state):
    with open(osp.join(root, MARKER + '.new'), 'w') as f:
        json.dump(state, f, indent=1)
    os.replace(osp.join(root, MARKER + '.new'), osp.join(root, MARKER))


def _remove_own(root, marker):
    """Remove what a marker lists as posseg's, and interrupted temporary folders."""
    names = set(marker.get('entries', []))
    names |= {n for n in os.listdir(root) if n.startswith(TMP_PREFIX)}
    for entry in sorted(names):
        path = osp.join(root, entry)
        if osp.isdir(path) and not osp.islink(path):
            shutil.rmtree(path)
        elif osp.lexists(path):
            os.remove(path)


def ensure_generated(root, name, meta, write):
    """Make ``root`` hold dataset ``name`` with parameters ``meta``; write it if needed.

    Args:
        root (str): The dataset folder.
        name (str): The dataset's name (recorded in the marker).
        meta (dict): JSON-serialisable parameters; a folder of posseg's written with
            other parameters is rewritten.
        write (callable): ``write(folder)`` writes the dataset's files into the empty
            folder ``folder`` (a temporary folder inside ``root``).

    Returns:
        str: ``root``.
    """
    check_data_folder(root, name)
    os.makedirs(root, exist_ok=True)
    with open(osp.join(root, LOCK), 'a') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        check_data_folder(root, name)  # another process may have written meanwhile
        marker = _marker(root)
        want = dict(dataset=name, meta=meta)
        if marker is not None:
            if marker.get('complete') and {k: marker.get(k) for k in want} == want:
                return root
            print_log(f'rewriting {name} in {root}: '
                      + ('its parameters differ' if marker.get('complete')
                         else 'an earlier generation was interrupted'),
                      logger='current')
            _remove_own(root, marker)
        _write_marker(root, dict(want, complete=False, entries=[]))
        tmp = tempfile.mkdtemp(prefix=TMP_PREFIX, dir=root)
        write(tmp)
        entries = sorted(os.listdir(tmp))
        _write_marker(root, dict(want, complete=False, entries=entries))
        for entry in entries:
            if osp.lexists(osp.join(root, entry)):
                raise DataFolderError(f'{osp.join(root, entry)} exists and is not '
                                      f"posseg's; move it away to write {name}")
            os.rename(osp.join(tmp, entry), osp.join(root, entry))
        os.rmdir(tmp)
        _write_marker(root, dict(want, complete=True, entries=entries))
    return root
