"""Guard for the OpenMMLab stack: fail early, in one line, with the fix."""
import importlib.util
import os.path as osp
import sys

from .errors import StackError
from .paths import ROOT

SETUP_HINT = 'run `make setup` (builds mmcv 2.1.0 with its compiled ops)'


def _other_environment_hint():
    """How to reach the project's ``.venv`` when this Python is another one."""
    venv = osp.join(ROOT, '.venv')
    if not osp.isfile(osp.join(venv, 'bin', 'python')) or (
            osp.realpath(sys.prefix) == osp.realpath(venv)):
        return None
    python = osp.relpath(osp.join(venv, 'bin', 'python'))
    return (f'this Python ({sys.executable}) is not posseg\'s environment, which is '
            f'set up: run the tool with {python} (or `source '
            f'{osp.relpath(venv)}/bin/activate` first)')


def require_mmcv_ops():
    """Raise :class:`StackError` unless mmcv is installed with its compiled ops.

    mmdet and mmseg import ``mmcv.ops`` at import time; with mmcv-lite or an mmcv
    built without ``MMCV_WITH_OPS=1`` they fail deep inside with a bare
    ``No module named 'mmcv._ext'``. Run from a Python other than the project's
    ``.venv`` (which exists), the message says how to use that one.
    """
    if importlib.util.find_spec('mmcv') is None:
        other = _other_environment_hint()
        raise StackError(f'mmcv is not installed; {other or SETUP_HINT}')
    if importlib.util.find_spec('mmcv._ext') is None:
        raise StackError('mmcv is installed without its compiled ops '
                         f'(mmcv-lite or MMCV_WITH_OPS unset); {SETUP_HINT}')
