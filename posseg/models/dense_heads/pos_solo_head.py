"""SOLO heads with a choice of where coordinates enter, and a conv_cfg.

mmdet's forward passes are kept: they append coordinate channels in [-1, 1] to the
mask branch's input (SOLO: x and y; Decoupled SOLO: x to the x branch, y to the y
branch; SOLOv2: x and y to the kernel branch and to the mask feature's coarsest
level). These heads only decide what their convs do with them:

- ``coord_mode='input'``: as mmdet (same weights, same outputs);
- ``'none'``: the convs that receive coordinates drop them first;
- ``'all'``: in addition every later conv of that branch is a ``CoordConv2d``.

``conv_cfg`` reaches every conv of the head. Under circular padding the head's
resampling wraps around too (:class:`CircularResamplingMixin`): the level resizes
before the branches, the S x S grid resize and the 2x upsampling of the mask
branch (SOLOv2: of the mask feature module) see no clamped edge.
"""
import torch
import torch.nn as nn
from mmcv.cnn import ConvModule, build_conv_layer
from mmdet.models.dense_heads import DecoupledSOLOHead, SOLOHead, SOLOV2Head
from mmdet.registry import MODELS
from mmengine.config import ConfigDict

from ...layers import CircularResamplingMixin
from ...layers.coord_conv import radius

COORD_MODES = ('none', 'input', 'all')


class DropCoords(nn.Module):
    """Drop the last ``num_coords`` channels: the coordinates mmdet appended."""

    def __init__(self, num_coords):
        super().__init__()
        self.num_coords = num_coords

    def forward(self, x):
        return x[:, :-self.num_coords]


class AppendRadius(nn.Module):
    """Append ``sqrt(x^2 + y^2)`` of the last two (x, y) channels."""

    def forward(self, x):
        return torch.cat([x, radius(x[:, -2:])], 1)


class CoordModeMixin(CircularResamplingMixin):
    """``coord_mode``, ``with_r`` and ``conv_cfg`` for a SOLO head.

    Args:
        coord_mode (str): ``none``, ``input`` or ``all`` (module docstring).
        with_r (bool): A radius channel wherever x and y enter together.
        conv_cfg (dict, optional): Conv type of every conv of the head, e.g.
            ``dict(type='PadConv2d', padding_mode='circular')``.
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

    def _conv(self, in_channels, coords=False, conv_cfg=None, **kwargs):
        """A 3x3 ConvModule to ``feat_channels``; a CoordConv2d one if ``coords``."""
        conv_cfg = conv_cfg or self.conv_cfg
        if coords:
            conv_cfg = dict(conv_cfg or {}, type='CoordConv2d', with_r=self.with_r)
        kwargs.setdefault('norm_cfg', self.norm_cfg)
        return ConvModule(in_channels, kwargs.pop('out_channels', self.feat_channels),
                          3, padding=1, conv_cfg=conv_cfg, **kwargs)

    def _receiving_conv(self, in_channels, num_coords, **kwargs):
        """The conv that gets ``in_channels`` + mmdet's ``num_coords`` channels."""
        if self.coord_mode == 'none':
            return nn.Sequential(DropCoords(num_coords),
                                 self._conv(in_channels, **kwargs))
        if self.with_r and num_coords == 2:
            return nn.Sequential(AppendRadius(),
                                 self._conv(in_channels + 3, **kwargs))
        return self._conv(in_channels + num_coords, **kwargs)

    def _branch(self, num_coords, **kwargs):
        """``stacked_convs`` convs whose first receives ``num_coords`` coordinates."""
        return nn.ModuleList([self._receiving_conv(self.in_channels, num_coords,
                                                   **kwargs)] + [
            self._conv(self.feat_channels, coords=self.coord_mode == 'all', **kwargs)
            for _ in range(1, self.stacked_convs)])

    def _cls_branch(self, **kwargs):
        return nn.ModuleList([
            self._conv(self.in_channels if i == 0 else self.feat_channels, **kwargs)
            for i in range(self.stacked_convs)])

    def _output_conv(self, out_channels, kernel_size=3):
        return build_conv_layer(self.conv_cfg, self.feat_channels, out_channels,
                                kernel_size, padding=kernel_size // 2)


@MODELS.register_module()
class PosSOLOHead(CoordModeMixin, SOLOHead):
    """mmdet's ``SOLOHead`` with ``coord_mode``, ``with_r`` and ``conv_cfg``."""

    def _init_layers(self):
        self.mask_convs = self._branch(num_coords=2)
        self.cls_convs = self._cls_branch()
        self.conv_mask_list = nn.ModuleList(
            [self._output_conv(g**2, kernel_size=1) for g in self.num_grids])
        self.conv_cls = self._output_conv(self.cls_out_channels)


@MODELS.register_module()
class PosDecoupledSOLOHead(CoordModeMixin, DecoupledSOLOHead):
    """mmdet's ``DecoupledSOLOHead`` with ``coord_mode`` and ``conv_cfg``.

    Each branch receives one coordinate (x or y); ``with_r`` only applies to the
    ``CoordConv2d`` layers of ``coord_mode='all'``, which see both.
    """

    def _init_layers(self):
        self.mask_convs_x = self._branch(num_coords=1)
        self.mask_convs_y = self._branch(num_coords=1)
        self.cls_convs = self._cls_branch()
        self.conv_mask_list_x = nn.ModuleList(
            [self._output_conv(g) for g in self.num_grids])
        self.conv_mask_list_y = nn.ModuleList(
            [self._output_conv(g) for g in self.num_grids])
        self.conv_cls = self._output_conv(self.cls_out_channels)


@MODELS.register_module()
class PosSOLOV2Head(CoordModeMixin, SOLOV2Head):
    """mmdet's ``SOLOV2Head`` with ``coord_mode``, ``with_r`` and ``conv_cfg``.

    Coordinates enter the kernel branch and the first conv of the mask feature
    module's coarsest level; ``coord_mode`` applies to both (``all``: the later
    kernel convs), ``with_r`` to the kernel branch. ``dcn_cfg`` (on all convs)
    replaces ``conv_cfg`` in the kernel and class convs, as in mmdet.
    """

    def __init__(self, *args, mask_feature_head, conv_cfg=None, **kwargs):
        if kwargs.get('dcn_cfg') and not kwargs.get('dcn_apply_to_all_conv', True):
            raise ValueError(f'{type(self).__name__}: dcn_apply_to_all_conv=False '
                             "(SOLOv2-light's DCN on the last conv only) is not "
                             "supported; use mmdet's SOLOV2Head for it")
        # mmdet reads it by attribute
        mask_feature_head = ConfigDict(dict(mask_feature_head, conv_cfg=conv_cfg))
        super().__init__(*args, mask_feature_head=mask_feature_head,
                         conv_cfg=conv_cfg, **kwargs)
        feat = self.mask_feature_head
        coarsest = feat.convs_all_levels[-1]
        if len(feat.convs_all_levels) > 1 and self.coord_mode == 'none':
            conv = coarsest.conv0
            coarsest.conv0 = nn.Sequential(DropCoords(2), ConvModule(
                feat.in_channels, conv.out_channels, 3, padding=1,
                conv_cfg=conv_cfg, norm_cfg=feat.norm_cfg, inplace=False))

    def _conv(self, in_channels, coords=False, **kwargs):
        if self.with_dcn:  # dcn_cfg replaces conv_cfg in kernel and class convs
            kwargs.setdefault('conv_cfg', self.dcn_cfg)
        return super()._conv(in_channels, coords, **kwargs)

    def _init_layers(self):
        bias = dict(bias=self.norm_cfg is None)
        self.cls_convs = self._cls_branch(**bias)  # mmdet's order of keys
        self.kernel_convs = self._branch(num_coords=2, **bias)
        self.conv_cls = self._output_conv(self.cls_out_channels)
        self.conv_kernel = self._output_conv(self.kernel_out_channels)
