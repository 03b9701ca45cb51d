"""Leave the working directory as it was after a distributed evaluation.

mmengine 0.10.7's ``collect_results_cpu`` (``mmengine/dist/dist.py``) gathers the
ranks' results through a temporary folder inside ``.dist_test`` in the working
directory, removes the temporary folder and leaves ``.dist_test`` behind.
Can go when mmengine removes it, or collects elsewhere.
"""
import contextlib
import os
import os.path as osp

COLLECT_DIR = '.dist_test'


@contextlib.contextmanager
def removes_new_collect_dir():
    """Remove ``.dist_test`` on exit if it was made meanwhile and is empty."""
    existed = osp.isdir(COLLECT_DIR)
    try:
        yield
    finally:
        if not existed and osp.isdir(COLLECT_DIR):
            with contextlib.suppress(OSError):  # another run still collects there
                os.rmdir(COLLECT_DIR)
