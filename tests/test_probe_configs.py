"""Every probe config (configs/probe/) builds its readout as its name says."""
import glob
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import MODELS

from conftest import ROOT
from posseg.layers import CoordConv2d, PadConv2d

CONFIGS = sorted(osp.relpath(p, ROOT) for p in glob.glob(f'{ROOT}/configs/probe/*.py'))
CHANNELS = dict(vgg16=1472, r50=256 + 512 + 1024 + 2048)


@pytest.mark.parametrize('config', CONFIGS)
def test_probe_config_builds_as_its_name_says(config):
    name = osp.basename(config)[len('posenet_'):-3]
    model = MODELS.build(Config.fromfile(config).model)
    convs = [m for m in model.readout if isinstance(m, torch.nn.Conv2d)]
    if name == 'readout-only':
        assert model.encoder is None and convs[0].in_channels == 3
        return
    encoder, _, ablation = name.partition('_')
    encoder, _, change = encoder.partition('-')
    if ablation.startswith('f'):  # one stage
        assert model.encoder.out_indices == (int(ablation[1]) - 1, )
    else:
        assert convs[0].in_channels == CHANNELS[encoder]
    layers = int(ablation[-1]) if ablation.startswith('readout-l') else 1
    kernel = int(ablation[-1]) if ablation.startswith('readout-k') else 3
    padding = int(ablation[-1]) if ablation.startswith('readout-p') else 0
    assert len(convs) == layers
    assert all(c.kernel_size == (kernel, kernel) and c.padding == (padding, padding)
               for c in convs)
    enc_convs = [m for m in model.encoder.modules() if isinstance(m, torch.nn.Conv2d)]
    if change.startswith('pad'):
        assert all(isinstance(c, PadConv2d) and c.padding_mode == change[3:]
                   for c in enc_convs)
    else:
        assert all(c.padding_mode == 'zeros' for c in enc_convs)
    assert any(isinstance(c, CoordConv2d) for c in enc_convs) == (change == 'coordconv')
    if change == 'padnone' and encoder == 'r50':  # mirrored margin, levels cropped
        assert model.margin_mode == 'reflect'
        model.to('meta')
        levels = model.levels(torch.zeros(1, 3, 96, 96, device='meta'))
        assert [x.shape[-1] for x in levels] == [24, 12, 6, 3]
        assert model._extended(torch.zeros(1, 3, 96, 96, device='meta')).shape[-1] > 96
