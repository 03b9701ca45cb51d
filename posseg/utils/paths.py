"""Where posseg lives: the repository root (configs/, tools/, data/README.md)."""
import os.path as osp

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))


def user_path(path):
    """``path`` as the user would type it: relative to the working directory when
    it lies under it, else as given.

    Args:
        path (str): An absolute path.

    Returns:
        str
    """
    shown = osp.relpath(path)
    return path if shown.startswith('..') else shown
