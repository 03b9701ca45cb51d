"""Coordinates for mmseg decode heads, as config values.

``decode_head=dict(type='AlignedFCNHead', coord_mode='input', with_r=False)``:

- ``'none'``: mmseg's head (the default);
- ``'input'``: every conv that reads the head's input features is a ``CoordConv2d``:
  x and y in [-1, 1] enter where the head starts, as SOLO's coordinates enter its
  mask branch (FCN: the first conv and, with ``concat_input``, ``conv_cat``; ASPP:
  every branch);
- ``'all'``: every conv of the head but the classifier (``conv_seg``).

The CoordConvs keep each conv's geometry and padding mode; their weights are new
(they take 2, with ``with_r`` 3, more input channels).
"""
from mmcv.cnn import ConvModule

from ...layers import with_coords

HEAD_COORD_MODES = ('none', 'input', 'all')


class CoordHeadMixin:
    """``coord_mode`` and ``with_r`` for a decode head (module docstring).

    A head class names the ``ConvModule`` s that read its input in
    ``input_convs()``.

    Args:
        coord_mode (str): ``none``, ``input`` or ``all``.
        with_r (bool): A radius channel beside x and y.
    """

    def __init__(self, *args, coord_mode='none', with_r=False, **kwargs):
        if coord_mode not in HEAD_COORD_MODES:
            raise ValueError(f'{type(self).__name__}: unknown coord_mode '
                             f'{coord_mode!r}; valid: {", ".join(HEAD_COORD_MODES)}')
        super().__init__(*args, **kwargs)
        self.coord_mode = coord_mode
        self.with_r = with_r
        if coord_mode == 'none':
            return
        names = (self.input_convs() if coord_mode == 'input' else
                 [n for n, m in self.named_modules() if isinstance(m, ConvModule)])
        for name in names:
            module = self.get_submodule(name)
            module.conv = with_coords(module.conv, with_r)

    def input_convs(self):
        """Names of the ``ConvModule`` s that read the head's input features."""
        raise NotImplementedError(f'{type(self).__name__} does not name the convs '
                                  "that read its input; coord_mode='input' needs them")
