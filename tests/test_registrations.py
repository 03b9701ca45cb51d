"""What posseg registers keeps the stock contracts of the OpenMMLab registries.

mmcv's own ``tests/test_cnn/test_build_layers.py::test_build_conv_layer`` builds every
registered type whose name contains ``conv`` through ``build_conv_layer(cfg,
in_channels=4, out_channels=8, kernel_size=3, dilation=2)`` and expects an instance
of the type reporting those channels; mmcv/mmdet/mmseg code rebuilds convs from
``.in_channels``. Its tests do not ship in mmcv's packages, so the same contract is
checked here for posseg's layers, beside a check that no posseg name hides a stock
one.
"""
import mmdet.registry
import mmengine.registry
import mmseg.registry
import pytest
import torch
from mmcv.cnn import ConvModule, build_conv_layer

import posseg  # noqa: F401  (registers)

REGISTRIES = ('MODELS', 'DATASETS', 'HOOKS', 'METRICS', 'DATA_SAMPLERS', 'TRANSFORMS')
LIBRARIES = (mmengine.registry, mmdet.registry, mmseg.registry)


def _posseg_entries(registry):
    return {name: cls for name, cls in registry.module_dict.items()
            if getattr(cls, '__module__', '').startswith('posseg.')}


POSSEG_CONVS = sorted(name for name in _posseg_entries(mmengine.registry.MODELS)
                      if 'conv' in name.lower())


def test_posseg_registers_conv_layers():
    assert POSSEG_CONVS == ['CoordConv2d', 'PadConv2d']


@pytest.mark.parametrize('name', POSSEG_CONVS)
@pytest.mark.parametrize('by', ['name', 'class'])
def test_conv_layers_keep_mmcv_build_contract(name, by):
    cls = mmengine.registry.MODELS.get(name)
    kwargs = dict(in_channels=4, out_channels=8, kernel_size=3, dilation=2)
    layer = build_conv_layer(dict(type=name if by == 'name' else cls), **kwargs)
    assert isinstance(layer, cls)
    assert (layer.in_channels, layer.out_channels) == (4, 8)
    assert layer.kernel_size == (3, 3) and layer.dilation == (2, 2)
    assert layer(torch.randn(2, 4, 9, 9)).shape[:2] == (2, 8)
    # rebuilt from what it reports, it takes the same weights
    again = cls(layer.in_channels, layer.out_channels, layer.kernel_size,
                dilation=layer.dilation)
    again.load_state_dict(layer.state_dict())


@pytest.mark.parametrize('name', POSSEG_CONVS)
def test_conv_module_builds_them(name):
    module = ConvModule(4, 8, 3, padding=1, conv_cfg=dict(type=name),
                        norm_cfg=dict(type='BN'))
    assert module.in_channels == 4 and module.conv.in_channels == 4
    assert module(torch.randn(2, 4, 6, 6)).shape == (2, 8, 6, 6)


@pytest.mark.parametrize('registry_name', REGISTRIES)
def test_no_posseg_name_hides_a_stock_one(registry_name):
    registries = [getattr(lib, registry_name) for lib in LIBRARIES]
    for registry in registries:
        for name in _posseg_entries(registry):
            stock = [f'{other.scope}::{name}' for other in registries
                     if name in other.module_dict
                     and not other.module_dict[name].__module__.startswith('posseg.')]
            assert not stock, f'{registry.scope}::{name} hides {stock}'


def test_posseg_classes_have_distinct_qualified_names():
    """Pickle and mmengine's checkpoints name a class by module and qualname."""
    seen = {}
    for lib in LIBRARIES:
        for registry_name in REGISTRIES:
            for cls in _posseg_entries(getattr(lib, registry_name)).values():
                key = f'{cls.__module__}.{cls.__qualname__}'
                assert seen.setdefault(key, cls) is cls, f'two classes are {key}'
