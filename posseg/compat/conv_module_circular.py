"""Make mmcv's ``ConvModule(padding_mode='circular')`` pad circularly.

mmcv 2.1.0 treats ``zeros`` and ``circular`` as modes the conv handles itself, so it
builds no padding layer for them, but it never passes ``padding_mode`` to
``build_conv_layer``: the conv pads with zeros (open-mmlab/mmcv#3078). The mode is
lost exactly there, so that is where it is put back: for ``circular`` the conv is
built with ``padding_mode='circular'`` in its ``conv_cfg`` (a conv type that cannot
take it now fails loudly instead of padding with zeros).

On whenever posseg is imported: a study that asks for circular padding must not get
zeros. Only ``padding_mode='circular'`` is touched; every other ConvModule is built as
mmcv builds it. Can go when mmcv passes ``padding_mode`` to its conv.
"""
import functools
import inspect

from mmcv.cnn import ConvModule

_SIGNATURE = inspect.signature(ConvModule.__init__)


def _pass_circular_to_conv(init):
    @functools.wraps(init)
    def wrapped(self, *args, **kwargs):
        bound = _SIGNATURE.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = bound.arguments
        if arguments['padding_mode'] == 'circular':
            conv_cfg = dict(arguments['conv_cfg'] or dict(type='Conv2d'))
            if conv_cfg.setdefault('padding_mode', 'circular') != 'circular':
                raise ValueError(
                    "ConvModule: padding_mode='circular' conflicts with conv_cfg "
                    f"padding_mode={conv_cfg['padding_mode']!r}; set only one")
            arguments['conv_cfg'] = conv_cfg
        init(*bound.args, **bound.kwargs)
    wrapped.posseg_passes_circular = True
    return wrapped


def patch_conv_module():
    """Install the fix on ``mmcv.cnn.ConvModule`` (idempotent)."""
    if not getattr(ConvModule.__init__, 'posseg_passes_circular', False):
        ConvModule.__init__ = _pass_circular_to_conv(ConvModule.__init__)
