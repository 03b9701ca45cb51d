"""Position readout (PosENet; Islam et al., ICLR 2020): how much absolute position a
frozen encoder's features hold.

The encoder (any mmdet/mmseg backbone, optionally with its neck) stays frozen in eval
mode. Its multi-level features are resized bilinearly to ``feature_size`` and
concatenated; a small readout (``num_layers`` convs of ``kernel_size`` with
``padding``, the last with one output channel) -> BatchNorm -> sigmoid predicts a
position map, upsampled bilinearly to the input size and trained with MSE against
the ground truth. Without an encoder the readout reads the image itself (resized to
``feature_size``): the control of how much the readout finds on its own. An encoder
without padding (valid convs) sees the image extended by the margin it consumes
(``margin_mode``, as ``MarginSOLO``), its levels center-cropped back to the image.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from mmengine.model import BaseModel
from mmengine.registry import MODELS

from ...layers import center_align
from ..detectors.image_margin import covering_margin, extend_image
from ...utils.checkpoints import (CheckpointError, fit_report, read_checkpoint,
                                  state_dict_of)


def build_encoder(cfg):
    """An mmdet/mmseg module from its config (``type='mmseg.ResNetV1c'`` names the
    registry; a plain type is looked up in mmseg, then mmdet)."""
    import mmdet.models  # noqa: F401  (registers mmdet's modules)
    import mmseg.models  # noqa: F401
    from mmdet.registry import MODELS as MMDET_MODELS
    from mmseg.registry import MODELS as MMSEG_MODELS
    cfg = dict(cfg)
    if '.' in str(cfg['type']):
        return MODELS.build(cfg)
    for registry in (MMSEG_MODELS, MMDET_MODELS):
        if registry.get(cfg['type']) is not None:
            return registry.build(cfg)
    raise KeyError(f"encoder type {cfg['type']!r} is registered in neither mmseg nor "
                   "mmdet; name the registry, e.g. type='mmdet.ResNet'")


def load_encoder_weights(module, checkpoint, prefix):
    """Load ``<prefix>.*`` weights of a detector/segmentor checkpoint into ``module``;
    every weight of ``module`` must come from the file with its shape.

    Args:
        module (nn.Module): Backbone or neck.
        checkpoint (str): The trained model's checkpoint.
        prefix (str): ``backbone`` or ``neck``.
    """
    weights = {k[len(prefix) + 1:]: v
               for k, v in state_dict_of(read_checkpoint(checkpoint)).items()
               if k.startswith(prefix + '.')}
    if not weights:
        raise CheckpointError(f'checkpoint {checkpoint} has no {prefix}.* weights; '
                              f'pass the checkpoint of a model with a {prefix}')
    problem = fit_report(module, weights)
    if problem:
        raise CheckpointError(f'the {prefix} of checkpoint {checkpoint} does not fit '
                              f'the {prefix} config: {problem}; pass the config the '
                              'model was trained with')
    module.load_state_dict(weights)


def _module(cfg):
    """A module as given, built from its config, or None."""
    if cfg is None or isinstance(cfg, nn.Module):
        return cfg
    return build_encoder(cfg)


@MODELS.register_module()
class PositionReadout(BaseModel):
    """A frozen encoder and a trained position readout.

    Args:
        encoder (dict | nn.Module, optional): Backbone config (mmdet/mmseg) or
            module; None reads the image itself.
        neck (dict | nn.Module, optional): Neck on the backbone's outputs.
        checkpoint (str, optional): Detector/segmentor checkpoint to take the
            backbone (and neck) weights from; every weight is checked.
        in_channels (int, optional): Channels of the concatenated features; found
            by running the encoder once on a 224 px image when None.
        feature_size (int): Side the features are resized to (28 in the paper).
        num_layers (int): Readout convs (1 in the paper's default).
        kernel_size (int): Their kernel (3).
        padding (int): Their zero padding (0: the readout adds no border).
        hidden_channels (int): Channels between readout convs.
        margin_mode (str, optional): Extend the image by the margin a padding-free
            encoder consumes, filled as ``extend_image`` does (``reflect``,
            ``replicate``, ``constant``); None: no margin.
        feat_strides (Sequence[int]): Stride of each encoder (neck) level, to crop
            it back to the image's grid under ``margin_mode``.
        data_preprocessor (dict, optional): As ``BaseModel``; default normalises
            RGB images with ImageNet's mean and std.
        init_cfg (dict, optional): As ``BaseModel``.
    """

    def __init__(self, encoder=None, neck=None, checkpoint=None, in_channels=None,
                 feature_size=28, num_layers=1, kernel_size=3, padding=0,
                 hidden_channels=128, margin_mode=None, feat_strides=(4, 8, 16, 32),
                 data_preprocessor=None, init_cfg=None):
        if data_preprocessor is None:
            data_preprocessor = dict(type='ImgDataPreprocessor',
                                     mean=[123.675, 116.28, 103.53],
                                     std=[58.395, 57.12, 57.375])
        super().__init__(data_preprocessor=data_preprocessor, init_cfg=init_cfg)
        self.encoder = _module(encoder)
        self.neck = _module(neck)
        self.checkpoint = checkpoint
        if checkpoint:
            for name in ('encoder', 'neck'):
                part = getattr(self, name)
                if part is not None:
                    load_encoder_weights(
                        part, checkpoint, 'backbone' if name == 'encoder' else name)
        for part in (self.encoder, self.neck):
            if part is not None:
                part.requires_grad_(False).eval()  # before any forward: BN stats
        self.feature_size = feature_size
        self.margin_mode = margin_mode
        self.feat_strides = tuple(feat_strides)
        self._margins = {}
        if in_channels is None:
            params = list(self.encoder.parameters()) if self.encoder else []
            device = params[0].device if params else None
            with torch.no_grad():
                in_channels = self.features(
                    torch.zeros(1, 3, 224, 224, device=device)).shape[1]
        layers = []
        for i in range(num_layers):
            out = 1 if i == num_layers - 1 else hidden_channels
            layers.append(nn.Conv2d(in_channels, out, kernel_size, padding=padding))
            if out != 1:
                layers.append(nn.ReLU(inplace=True))
            in_channels = out
        self.readout = nn.Sequential(*layers, nn.BatchNorm2d(1))
        self.train()

    def init_weights(self):
        """Initialise as configured (an encoder's ``init_cfg``, e.g. converted
        ImageNet weights), except an encoder loaded from a trained checkpoint: the
        Runner calls this before training, and those weights must stay."""
        if self.checkpoint:
            return
        super().init_weights()

    def train(self, mode=True):
        """Train the readout; the encoder and neck stay in eval mode (frozen
        BatchNorm statistics)."""
        super().train(mode)
        for part in (self.encoder, self.neck):
            if part is not None:
                part.eval()
        return self

    def levels(self, inputs):
        """The encoder's (neck's) levels on the image's grid: under ``margin_mode``
        computed on the extended image and center-cropped back.

        Args:
            inputs (Tensor): (N, 3, H, W) normalised images.

        Returns:
            list[Tensor]: The image itself when there is no encoder.
        """
        if self.encoder is None:
            return [inputs]
        with torch.no_grad():
            levels = self.encoder(self._extended(inputs))
            if self.neck is not None:
                levels = self.neck(levels)
        levels = [levels] if torch.is_tensor(levels) else list(levels)
        if self.margin_mode:
            h, w = inputs.shape[-2:]
            levels = [center_align(x, math.ceil(h / s), math.ceil(w / s))
                      for x, s in zip(levels, self.feat_strides)]
        return levels

    def features(self, inputs):
        """The levels resized to ``feature_size`` and concatenated.

        Args:
            inputs (Tensor): (N, 3, H, W) normalised images.

        Returns:
            Tensor: (N, C, feature_size, feature_size).
        """
        size = (self.feature_size, self.feature_size)
        return torch.cat([F.interpolate(x, size, mode='bilinear', align_corners=False)
                          for x in self.levels(inputs)], 1)

    def _extended(self, inputs):
        """The input with the margin the encoder consumes (``margin_mode``)."""
        if not self.margin_mode:
            return inputs
        h, w = inputs.shape[-2:]
        if (h, w) not in self._margins:
            parts = [p for p in (self.encoder, self.neck) if p is not None]
            self._margins[h, w] = covering_margin(parts, inputs.shape[1], h, w,
                                                  self.feat_strides)
        return extend_image(inputs, self._margins[h, w], self.margin_mode)

    def predict_maps(self, inputs):
        """Position maps (N, 1, H, W) in [0, 1] at the input size."""
        maps = torch.sigmoid(self.readout(self.features(inputs)))
        return F.interpolate(maps, inputs.shape[-2:], mode='bilinear',
                             align_corners=False)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        """mmengine's interface: ``loss`` (MSE against each sample's ``gt_map``),
        ``predict`` (the samples with ``pred_map`` set) or ``tensor`` (the maps)."""
        maps = self.predict_maps(inputs)
        if mode == 'tensor':
            return maps
        if mode == 'loss':
            gt = torch.stack([s.gt_map for s in data_samples]).to(maps)
            return dict(loss_mse=F.mse_loss(maps, gt))
        if mode == 'predict':
            for sample, pred in zip(data_samples, maps):
                sample.pred_map = pred.detach()
            return data_samples
        raise ValueError(f"mode must be 'loss', 'predict' or 'tensor', not {mode!r}")
