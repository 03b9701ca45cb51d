"""Silence the deprecation notice of ``pkg_resources``.

mmengine 0.10.7 imports ``pkg_resources`` (``mmengine/utils/package_utils.py``;
setuptools < 81 is pinned so that it still exists), and setuptools warns on that
import; nothing a posseg user can act on.
Can go when mmengine stops importing ``pkg_resources``.
"""
import warnings


def silence_pkg_resources_warning():
    """Ignore setuptools' ``pkg_resources is deprecated`` warning."""
    warnings.filterwarnings('ignore', message='pkg_resources is deprecated',
                            category=UserWarning)
