"""Silence the stack's warnings that a posseg user cannot act on.

- mmengine 0.10.7 imports ``pkg_resources`` (``mmengine/utils/package_utils.py``;
  setuptools < 81 is pinned so that it still exists), and setuptools warns on that
  import. Can go when mmengine stops importing ``pkg_resources``.
- mmseg 1.2.2's decode heads call its own deprecated ``build_loss``, which warns at
  every head built. Can go when mmseg's heads build losses through the registry.
- mmseg's ``SegVisualizationHook`` warns that ``draw`` is off, which is its default
  in every mmseg config (``tools/test.py --show-dir`` turns it on).

mmseg's ``avg_non_ignore`` notice is kept: it is a choice a config makes.
"""
import warnings

SILENCED = ('pkg_resources is deprecated',
            '``build_loss`` would be deprecated soon',
            'The draw is False, it means that the hook for visualization will '
            'not take effect')


def silence_stack_warnings():
    """Ignore the ``UserWarning`` s in ``SILENCED`` (matched at the start)."""
    for message in SILENCED:
        warnings.filterwarnings('ignore', message=message, category=UserWarning)
