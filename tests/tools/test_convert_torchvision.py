"""tools/convert_torchvision.py: torchvision's weights end up in every backbone weight."""
import pytest
import torch
import torchvision
from mmengine.registry import DefaultScope
from mmseg.registry import MODELS

from conftest import run_tool

BACKBONES = dict(
    vgg16=dict(type='VGG16'),
    # the variants a config builds: padding and aligned blocks keep the keys
    resnet50=dict(type='AlignedSegResNet', depth=50,
                  conv_cfg=dict(type='PadConv2d', padding_mode='circular')))


@pytest.mark.parametrize('arch', sorted(BACKBONES))
def test_every_backbone_weight_comes_from_the_torchvision_file(arch, tmp_path):
    torch.manual_seed(0)
    reference = getattr(torchvision.models, arch)(weights=None).state_dict()
    torch.save(reference, tmp_path / 'torchvision.pth')  # as torchvision ships it
    run_tool('tools/convert_torchvision.py', arch, tmp_path / 'torchvision.pth',
             tmp_path / 'converted.pth', check=True)
    cfg = dict(BACKBONES[arch], init_cfg=dict(
        type='Pretrained', checkpoint=str(tmp_path / 'converted.pth')))
    with DefaultScope.overwrite_default_scope('mmseg'):
        backbone = MODELS.build(cfg)
    backbone.init_weights()
    state = backbone.state_dict()
    counters = [k for k in state if k.endswith('num_batches_tracked')]
    assert set(state) - set(counters) <= set(reference)
    for key, value in state.items():
        if key not in counters:
            assert torch.equal(value, reference[key]), key


def test_weights_of_another_architecture_are_refused(tmp_path):
    torch.save(torchvision.models.resnet18(weights=None).state_dict(),
               tmp_path / 'r18.pth')
    proc = run_tool('tools/convert_torchvision.py', 'resnet50', tmp_path / 'r18.pth',
                    tmp_path / 'out.pth')
    assert proc.returncode != 0 and not (tmp_path / 'out.pth').exists()
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("error: the weights do not fit torchvision's resnet50 "
                           'backbone: ') and 'check the architecture name' in line


def test_the_file_to_convert_is_never_written_over(tmp_path):
    src = tmp_path / 'r18.pth'
    torch.save(torchvision.models.resnet18(weights=None).state_dict(), src)
    before = src.read_bytes()
    proc = run_tool('tools/convert_torchvision.py', 'resnet18', src,
                    f'{tmp_path}/./r18.pth')  # the same file, spelt otherwise
    assert proc.returncode == 1 and proc.stderr.strip().splitlines() == [
        f'error: {tmp_path}/./r18.pth is the checkpoint to convert; write the '
        'converted one to another file']
    assert src.read_bytes() == before


def test_the_vgg_configs_load_it_as_their_comment_says(tmp_path):
    # configs/seg/fcn_vgg16_*: convert vgg16_bn, then --cfg-options init_cfg
    from posseg.utils.cli import load_config
    torch.manual_seed(1)
    reference = torchvision.models.vgg16_bn(weights=None).state_dict()
    torch.save(reference, tmp_path / 'vgg16_bn.pth')
    converted = tmp_path / 'pretrained' / 'vgg16_bn.pth'
    run_tool('tools/convert_torchvision.py', 'vgg16_bn', tmp_path / 'vgg16_bn.pth',
             converted, check=True)
    cfg = load_config('configs/seg/fcn_vgg16_4xb4-20k_voc12aug-512x512.py', {
        'model.backbone.init_cfg.type': 'Pretrained',
        'model.backbone.init_cfg.checkpoint': str(converted)})
    with DefaultScope.overwrite_default_scope('mmseg'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    state = model.backbone.state_dict()
    assert set(state) == {k for k in reference if not k.startswith('classifier')}
    for key, value in state.items():
        if not key.endswith('num_batches_tracked'):
            assert torch.equal(value, reference[key]), key
