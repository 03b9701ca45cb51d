"""ConvModule(padding_mode='circular') really pads circularly once posseg is in."""
import subprocess
import sys

import pytest
import torch
import torch.nn as nn
from mmcv.cnn import ConvModule

import posseg  # noqa: F401  (installs the fix)

PROBE = '''
import torch, torch.nn as nn
from mmcv.cnn import ConvModule
torch.manual_seed(0)
m = ConvModule(2, 3, 3, padding=1, padding_mode='circular', act_cfg=None)
ref = nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular')
ref.load_state_dict(m.conv.state_dict())
x = torch.randn(1, 2, 6, 6)
print(torch.allclose(m(x), ref(x)))
'''


def test_stock_mmcv_pads_circular_with_zeros():
    """Without posseg the bug is there: this is what the fix is for."""
    out = subprocess.run([sys.executable, '-c', PROBE], capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == 'False'


def test_conv_module_circular_equals_torch():
    torch.manual_seed(0)
    m = ConvModule(2, 3, 3, padding=1, padding_mode='circular', act_cfg=None)
    ref = nn.Conv2d(2, 3, 3, padding=1, padding_mode='circular')
    ref.load_state_dict(m.conv.state_dict())
    x = torch.randn(1, 2, 6, 6)
    assert torch.allclose(m(x), ref(x))
    assert m.conv.padding_mode == 'circular'


def test_circular_reaches_a_custom_conv_type():
    m = ConvModule(2, 3, 3, padding=1, padding_mode='circular',
                   conv_cfg=dict(type='PadConv2d'))
    assert m.conv.padding_mode == 'circular'
    with pytest.raises(ValueError, match="conflicts with conv_cfg padding_mode"):
        ConvModule(2, 3, 3, padding=1, padding_mode='circular',
                   conv_cfg=dict(type='PadConv2d', padding_mode='reflect'))


def test_other_modes_untouched():
    assert ConvModule(2, 3, 3, padding=1).conv.padding_mode == 'zeros'
    reflect = ConvModule(2, 3, 3, padding=1, padding_mode='reflect')
    assert isinstance(reflect.padding_layer, nn.ReflectionPad2d)
