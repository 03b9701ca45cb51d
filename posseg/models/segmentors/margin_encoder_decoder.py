"""An mmseg segmentor that gives padding-free convs the context they consume.

Under ``padding_mode='none'`` the backbone and the decode head shrink their maps at
every conv, so logits would cover only the image's center. As ``MarginSOLO`` does
for SOLO, the image is extended once, at the input, by the smallest margin after
which every head's logits cover the image's grid (``ceil(size / output_stride)``).
A head that reads one feature level gets that level center-cropped so that it gives
exactly the grid; a head that combines levels (UPerNet, DeepLabV3+) gets its logits
center-cropped to the grid, with a margin for which the excess is even on both axes
(so the crop is centered to the pixel). Either way the logits land on the image's
pixels, and mmseg's final resize to the image is the one it does for padded models.
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

    Heads that read one level (``in_index`` an int: FCN, ASPP / DeepLabV3, PSP) have
    their level cropped; heads that combine levels (``in_index`` a list: UPerNet; or
    a ``c1_bottleneck``: DeepLabV3+) have their logits cropped (module docstring).
    Same weights as ``EncoderDecoder``; with padded convs the margin is 0, nothing is
    cropped and it is ``EncoderDecoder``.

    Args:
        margin_mode (str): How the margin is filled: ``reflect`` (default, mirrored
            as often as needed), ``replicate`` or ``constant`` (zeros).
        output_stride (int | Sequence[int]): The stride of the heads' logits (8 for
            mmseg's -d8 FCN / DeepLabV3, 16 for -d16 and VGG16, 4 for UPerNet and
            DeepLabV3+); one per head (decode head first, then the auxiliary
            heads) where they differ.
        **kwargs: As ``EncoderDecoder``.
    """

    def __init__(self, *args, margin_mode='reflect', output_stride=8, **kwargs):
        super().__init__(*args, **kwargs)
        if margin_mode not in MARGIN_MODES:
            raise PossegError(f'unknown margin_mode {margin_mode!r}; valid: '
                              f'{MARGIN_MODES}')
        self.margin_mode = margin_mode
        heads = self._heads()
        strides = (list(output_stride) if isinstance(output_stride, (list, tuple))
                   else [output_stride] * len(heads))
        if len(strides) != len(heads):
            raise PossegError(
                f'MarginEncoderDecoder: output_stride={output_stride} names '
                f'{len(strides)} strides for {len(heads)} heads; give one per head '
                '(decode head first) or one for all')
        self.output_strides = tuple(strides)
        for head in heads:
            if not (reads_one_level(head) or hasattr(head, 'crop_to_logit_grid')):
                raise PossegError(
                    f'MarginEncoderDecoder: {type(head).__name__} combines feature '
                    'levels and cannot crop its logits to the image; use its Aligned '
                    'version (AlignedUPerHead, AlignedDepthwiseSeparableASPPHead)')
        self._layouts = {}

    def _heads(self):
        heads = [self.decode_head]
        if self.with_auxiliary_head:
            aux = self.auxiliary_head
            heads += list(aux) if isinstance(aux, torch.nn.ModuleList) else [aux]
        return heads

    def grid_sizes(self, h, w):
        """Per head, ``(ceil(h / s), ceil(w / s))``: its logit grid on ``h x w``."""
        return [(math.ceil(h / s), math.ceil(w / s)) for s in self.output_strides]

    def layout(self, h, w):
        """The margin and the crop of each feature level a one-level head reads.

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
        for head in probe['heads']:
            if not reads_one_level(head):
                head.logit_grid = None  # the probe measures the uncropped logits
        channels = next(m for m in self.backbone.modules()
                        if isinstance(m, torch.nn.Conv2d)).in_channels
        grids = self.grid_sizes(h, w)
        one_level = [reads_one_level(head) for head in probe['heads']]

        def trace(margin):
            """Level crops and each head's logit size, or None if a map vanished."""
            x = torch.empty(1, channels, h + 2 * margin, w + 2 * margin,
                            device='meta')
            try:
                feats = probe['backbone'](x)
                if probe['neck'] is not None:
                    feats = probe['neck'](feats)
                outs = [head(feats).shape[-2:] if single else None
                        for head, single in zip(probe['heads'], one_level)]
                crops = {}
                for head, out, grid in zip(probe['heads'], outs, grids):
                    if out is None:
                        continue
                    # valid convs take a fixed border: cropping the level by the
                    # excess leaves the head exactly the grid
                    crop = tuple(f - (o - g) for f, o, g in zip(
                        feats[head.in_index].shape[-2:], out, grid))
                    if crops.setdefault(head.in_index, crop) != crop:
                        raise PossegError(
                            f'MarginEncoderDecoder: two heads read level '
                            f'{head.in_index} and consume different borders; give '
                            'them the same convs')
                cropped = [center_align(f, *crops[i]) if i in crops else f
                           for i, f in enumerate(feats)]
                outs = [out if out is not None else head(cropped).shape[-2:]
                        for head, out in zip(probe['heads'], outs)]
            except RuntimeError:  # a map shrank to nothing
                return None
            return crops, outs

        def covers(margin):
            found = trace(margin)
            return found is not None and all(
                o[0] >= g[0] and o[1] >= g[1] for o, g in zip(found[1], grids))

        margin = smallest_margin(covers, f'the backbone and heads cannot cover a '
                                         f'{h}x{w} image')
        for extra in range(MAX_PARITY_STEPS):
            crops, outs = trace(margin + extra)
            # the logit crops of heads that combine levels must be even: centered
            if all((o[0] - g[0]) % 2 == 0 and (o[1] - g[1]) % 2 == 0
                   for o, g, single in zip(outs, grids, one_level) if not single):
                return margin + extra, crops
        raise PossegError(
            f'MarginEncoderDecoder: no margin from {margin} to '
            f'{margin + MAX_PARITY_STEPS - 1} px gives the heads that combine levels '
            f'an even excess over their grid for a {h}x{w} image; check '
            'output_stride')

    def extract_feat(self, inputs):
        """Features of the image extended by the margin, cropped per level; the
        heads that combine levels are told the grid to crop their logits to."""
        h, w = inputs.shape[-2:]
        margin, crops = self.layout(h, w)
        for head, grid in zip(self._heads(), self.grid_sizes(h, w)):
            if not reads_one_level(head):
                head.logit_grid = grid
        feats = super().extract_feat(extend_image(inputs, margin, self.margin_mode))
        return [center_align(f, *crops[i]) if i in crops else f
                for i, f in enumerate(feats)]


MAX_PARITY_STEPS = 64


def reads_one_level(head):
    """Whether a decode head reads one feature level (FCN, ASPP, PSP) or combines
    several (``in_index`` a list: UPerNet; a ``c1_bottleneck``: DeepLabV3+)."""
    return (isinstance(head.in_index, int)
            and getattr(head, 'c1_bottleneck', None) is None)
