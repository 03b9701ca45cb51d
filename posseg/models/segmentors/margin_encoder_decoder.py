"""An mmseg segmentor that gives padding-free convs the context they consume.

Under ``padding_mode='none'`` the backbone and the decode head shrink their maps at
every conv, so logits would cover only the image's center. As ``MarginSOLO`` does
for SOLO, the image is extended once, at the input, by the smallest margin after
which the decode head's logits cover the image's grid (``ceil(size /
output_stride)``), and each feature level a head reads is center-cropped so that the
head gives exactly that grid: the logits land on the image's pixels, and mmseg's
final resize to the image is the one it does for padded models.
"""
import copy
import math

import torch
from mmseg.models.segmentors import EncoderDecoder
from mmseg.registry import MODELS

from ...layers import center_align
from ...utils.errors import PossegError
from ..detectors.image_margin import MARGIN_MODES, extend_image, smallest_margin


@MODELS.register_module()
class MarginEncoderDecoder(EncoderDecoder):
    """``EncoderDecoder`` for valid convs: a margin at the input, crops per level.

    Each head (decode and auxiliary) must read one feature level (``in_index`` an
    int: FCN, ASPP / DeepLabV3, PSP, ...). Same weights as ``EncoderDecoder``; with
    padded convs the margin is 0, nothing is cropped and it is ``EncoderDecoder``.

    Args:
        margin_mode (str): How the margin is filled: ``reflect`` (default, mirrored
            as often as needed), ``replicate`` or ``constant`` (zeros).
        output_stride (int): The stride of the heads' logits (8 for mmseg's -d8
            models, 16 for -d16).
        **kwargs: As ``EncoderDecoder``.
    """

    def __init__(self, *args, margin_mode='reflect', output_stride=8, **kwargs):
        super().__init__(*args, **kwargs)
        if margin_mode not in MARGIN_MODES:
            raise PossegError(f'unknown margin_mode {margin_mode!r}; valid: '
                              f'{MARGIN_MODES}')
        self.margin_mode = margin_mode
        self.output_stride = output_stride
        for head in self._heads():
            if not isinstance(head.in_index, int):
                raise PossegError(
                    f'MarginEncoderDecoder: {type(head).__name__} reads several '
                    f'feature levels (in_index={head.in_index}); heads that read one '
                    'level (FCN, ASPP, PSP) are supported')
        self._layouts = {}

    def _heads(self):
        heads = [self.decode_head]
        if self.with_auxiliary_head:
            aux = self.auxiliary_head
            heads += list(aux) if isinstance(aux, torch.nn.ModuleList) else [aux]
        return heads

    def grid_size(self, h, w):
        """``(ceil(h / s), ceil(w / s))``: the logits of an ``h x w`` image."""
        return math.ceil(h / self.output_stride), math.ceil(w / self.output_stride)

    def layout(self, h, w):
        """The margin and the crop of each feature level a head reads.

        Returns:
            tuple: ``(margin, {level: (height, width)})``; cached per input size.
        """
        if (h, w) not in self._layouts:
            self._layouts[h, w] = self._find_layout(h, w)
        return self._layouts[h, w]

    def _find_layout(self, h, w):
        probe = copy.deepcopy(torch.nn.ModuleDict(dict(
            backbone=self.backbone, neck=self.neck if self.with_neck else None,
            heads=torch.nn.ModuleList(self._heads())))).to('meta').eval()
        channels = next(m for m in self.backbone.modules()
                        if isinstance(m, torch.nn.Conv2d)).in_channels
        grid = self.grid_size(h, w)

        def shapes(margin):
            """Feature sizes and each head's logit size, or None if a map vanished."""
            x = torch.empty(1, channels, h + 2 * margin, w + 2 * margin,
                            device='meta')
            try:
                feats = probe['backbone'](x)
                if probe['neck'] is not None:
                    feats = probe['neck'](feats)
                outs = [head(feats).shape[-2:] for head in probe['heads']]
            except RuntimeError:  # a map shrank to nothing
                return None
            return [f.shape[-2:] for f in feats], outs

        def covers(margin):
            found = shapes(margin)
            return found is not None and all(
                o[0] >= grid[0] and o[1] >= grid[1] for o in found[1])

        margin = smallest_margin(covers, f'the backbone and heads cannot cover a '
                                         f'{h}x{w} image')
        feats, outs = shapes(margin)
        crops = {}
        for head, out in zip(self._heads(), outs):
            # valid convs take a fixed border: cropping the level by the excess
            # leaves the head exactly the grid
            crop = tuple(f - (o - g) for f, o, g in zip(feats[head.in_index], out,
                                                      grid))
            if crops.setdefault(head.in_index, crop) != crop:
                raise PossegError(
                    f'MarginEncoderDecoder: two heads read level {head.in_index} '
                    'and consume different borders; give them the same convs')
        return margin, crops

    def extract_feat(self, inputs):
        """Features of the image extended by the margin, cropped per level."""
        margin, crops = self.layout(*inputs.shape[-2:])
        feats = super().extract_feat(extend_image(inputs, margin, self.margin_mode))
        return [center_align(f, *crops[i]) if i in crops else f
                for i, f in enumerate(feats)]
