"""Circular padding leaves no border: a circular shift of the image shifts every map.

Random weights, eval mode. The shift is a multiple of the coarsest stride (64 px) and
of every grid's cell (a 128 px shift of a 256 px image is S / 2 cells), so every map
moves by whole pixels. Zero-padded models are the contrast: their maps do not.
"""
import glob
import os.path as osp

import pytest
import torch
from mmdet.registry import MODELS
from mmseg.registry import MODELS as MMSEG_MODELS
from mmengine.config import Config
from mmengine.registry import DefaultScope

from conftest import ROOT

SIZE, SHIFT = 256, 128
CIRCULAR = sorted(osp.relpath(p, ROOT) for p in
                  glob.glob(f'{ROOT}/configs/solo_*_circular.py') +
                  glob.glob(f'{ROOT}/configs/solo/*padcircular*.py'))
# without coordinates: nothing in the model knows where it is
HEAD_CIRCULAR = [c for c in CIRCULAR if 'nocoord' in c and '_3x_' not in c]
HEAD_ZEROS = [c.replace('_circular', '').replace('-padcircular', '')
              for c in HEAD_CIRCULAR]


def _shift_errors(config):
    """Relative errors between the maps of a shifted image and the shifted maps.

    Returns:
        tuple[list[float], dict[str, float]]: One error per FPN level; the largest
        error of each conv's input in the mask head (over its calls), by name.
        An error is the largest difference over the map's largest value.
    """
    cfg = Config.fromfile(config)
    cfg.model.backbone.init_cfg = None  # random weights, not ImageNet's
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    model.eval()
    image = torch.randn(1, 3, SIZE, SIZE)
    runs = []
    for shift in (0, SHIFT):
        inputs = {}
        hooks = [conv.register_forward_pre_hook(
            lambda m, args, name=name: inputs.setdefault(name, []).append(args[0]))
            for name, conv in model.mask_head.named_modules()
            if isinstance(conv, torch.nn.Conv2d)]
        with torch.no_grad():
            feats = model.extract_feat(torch.roll(image, (shift, shift), (2, 3)))
            model.mask_head(feats)
        for hook in hooks:
            hook.remove()
        runs.append((feats, inputs))
    (feats, inputs), (shifted_feats, shifted_inputs) = runs

    def error(plain, moved):
        step = [SHIFT * n // SIZE for n in plain.shape[-2:]]
        assert all(SHIFT * n % SIZE == 0 for n in plain.shape[-2:]), plain.shape
        expected = torch.roll(plain, step, (2, 3))
        return ((moved - expected).abs().max() / plain.abs().max()).item()

    levels = [error(p, m) for p, m in zip(feats, shifted_feats)]
    convs = {name: max(error(p, m) for p, m in zip(calls, shifted_inputs[name]))
             for name, calls in inputs.items()}
    return levels, convs


@pytest.mark.parametrize('config', CIRCULAR)
def test_circular_backbone_and_neck_are_exactly_shift_equivariant(config):
    # no border of any kind: the stem max-pool pads circularly too
    levels, _ = _shift_errors(config)
    assert levels == [0.0] * len(levels)


@pytest.mark.parametrize('config', HEAD_CIRCULAR)
def test_circular_head_sees_no_border(config):
    # every conv of the head (mask and category branches, mask features, outputs)
    # gets a map that shifts with the image: the level resizes, the S x S grid
    # resize and the mask upsampling wrap around. Up to float rounding: GroupNorm
    # sums in another order, and the grid resize's positions are rounded floats.
    _, convs = _shift_errors(config)
    assert len(convs) >= 6
    worst = max(convs, key=convs.get)
    assert convs[worst] < 1e-5, (worst, convs[worst])


@pytest.mark.parametrize('config', HEAD_ZEROS)
def test_zero_padded_model_is_not(config):
    levels, convs = _shift_errors(config)
    assert min(levels) > 0.01
    assert max(convs.values()) > 0.01


def _seg_logit_error(config, size=128, shift=64, full=False):
    """Relative error of the logits (``mode='tensor'``; ``full``: resized to the
    image, as ``predict`` gives them) of a shifted image."""
    cfg = Config.fromfile(config)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MMSEG_MODELS.build(cfg.model)
    model.init_weights()
    model.eval()
    image = torch.randn(1, 3, size, size)

    def logits(image):
        if full:
            return model.predict(image)[0].seg_logits.data[None]
        return model(image, mode='tensor')

    with torch.no_grad():
        plain = logits(image)
        moved = logits(torch.roll(image, (shift, shift), (2, 3)))
    step = shift * plain.shape[-1] // size
    expected = torch.roll(plain, (step, step), (2, 3))
    return ((moved - expected).abs().max() / plain.abs().max()).item()


def test_circular_segmentor_is_shift_equivariant():
    # 64 px: a multiple of the output stride (8); logits before the final resize,
    # and after it (at the image's resolution: it wraps too)
    assert _seg_logit_error('configs/seg_nocoord_circular.py') == 0.0
    assert _seg_logit_error('configs/seg_nocoord_circular.py', full=True) == 0.0


def test_zero_padded_segmentor_is_not():
    assert _seg_logit_error('configs/seg_nocoord.py') > 0.01
