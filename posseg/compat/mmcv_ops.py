"""Guard for the OpenMMLab stack: fail early, in one line, with the fix."""
import importlib.util

from ..utils.errors import StackError

SETUP_HINT = 'run `make setup` (builds mmcv 2.1.0 with its compiled ops)'


def require_mmcv_ops():
    """Raise :class:`StackError` unless mmcv is installed with its compiled ops.

    mmdet and mmseg import ``mmcv.ops`` at import time; with mmcv-lite or an mmcv
    built without ``MMCV_WITH_OPS=1`` they fail deep inside with a bare
    ``No module named 'mmcv._ext'``. A guard, not a workaround: it stays as long as
    mmdet and mmseg need mmcv's ops.
    """
    if importlib.util.find_spec('mmcv') is None:
        raise StackError(f'mmcv is not installed; {SETUP_HINT}')
    if importlib.util.find_spec('mmcv._ext') is None:
        raise StackError('mmcv is installed without its compiled ops '
                         f'(mmcv-lite or MMCV_WITH_OPS unset); {SETUP_HINT}')
