"""SOLO heads with a choice of where coordinates enter, and a conv_cfg."""
import torch
import torch.nn as nn
from mmcv.cnn import ConvModule, build_conv_layer
from mmdet.models.dense_heads import SOLOHead
from mmdet.registry import MODELS

COORD_MODES = ('none', 'input', 'all')


class DropCoords(nn.Module):
    """Drop the coordinate channels mmdet's SOLO forward appends (``none``)."""

    def __init__(self, num_coords=2):
        super().__init__()
        self.num_coords = num_coords

    def forward(self, x):
        return x[:, :-self.num_coords]


class AppendRadius(nn.Module):
    """Append ``sqrt(x^2 + y^2)`` of the last two (x, y) channels (``with_r``)."""

    def forward(self, x):
        return torch.cat([x, x[:, -2:].square().sum(1, keepdim=True).sqrt()], 1)


@MODELS.register_module()
class PosSOLOHead(SOLOHead):
    """mmdet's ``SOLOHead`` with coordinates where a config says, and ``conv_cfg``.

    mmdet's forward is kept: it appends x, y channels in [-1, 1] to the mask
    branch's input; this head decides what its convs do with them.

    Args:
        coord_mode (str): ``none`` (the first mask conv drops them), ``input``
            (mmdet's behaviour, same weights and outputs) or ``all`` (every later
            mask conv is a ``CoordConv2d`` too).
        with_r (bool): Add the radius channel wherever coordinates enter.
        conv_cfg (dict, optional): Conv type of every conv of the head, e.g.
            ``dict(type='PadConv2d', padding_mode='circular')``.
        **kwargs: As ``SOLOHead``.
    """

    def __init__(self, *args, coord_mode='input', with_r=False, conv_cfg=None,
                 **kwargs):
        if coord_mode not in COORD_MODES:
            raise ValueError(f'{type(self).__name__}: unknown coord_mode '
                             f'{coord_mode!r}; valid: {", ".join(COORD_MODES)}')
        self.coord_mode = coord_mode
        self.with_r = with_r
        self.conv_cfg = conv_cfg
        super().__init__(*args, **kwargs)

    def _conv(self, in_channels, coords=False):
        """A 3x3 ConvModule of the head; a CoordConv2d one when ``coords``."""
        conv_cfg = self.conv_cfg
        if coords:
            conv_cfg = dict(self.conv_cfg or {}, type='CoordConv2d',
                            with_r=self.with_r)
        return ConvModule(in_channels, self.feat_channels, 3, padding=1,
                          conv_cfg=conv_cfg, norm_cfg=self.norm_cfg)

    def _first_mask_conv(self):
        if self.coord_mode == 'none':
            return nn.Sequential(DropCoords(), self._conv(self.in_channels))
        if self.with_r:
            return nn.Sequential(AppendRadius(), self._conv(self.in_channels + 3))
        return self._conv(self.in_channels + 2)

    def _init_layers(self):
        self.mask_convs = nn.ModuleList([self._first_mask_conv()] + [
            self._conv(self.feat_channels, coords=self.coord_mode == 'all')
            for _ in range(1, self.stacked_convs)])
        self.cls_convs = nn.ModuleList([
            self._conv(self.in_channels if i == 0 else self.feat_channels)
            for i in range(self.stacked_convs)])
        self.conv_mask_list = nn.ModuleList([
            build_conv_layer(self.conv_cfg, self.feat_channels, num_grid**2, 1)
            for num_grid in self.num_grids])
        self.conv_cls = build_conv_layer(self.conv_cfg, self.feat_channels,
                                         self.cls_out_channels, 3, padding=1)
