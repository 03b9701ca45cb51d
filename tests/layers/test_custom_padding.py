"""The extension point, exactly as docs/layers.md shows it."""
import re
import sys

import torch
from mmcv.cnn import build_conv_layer

import posseg  # noqa: F401  (registers PadConv2d)
from conftest import ROOT


def _doc_example(name):
    """The python block after '<!-- name -->' in docs/layers.md."""
    text = open(f'{ROOT}/docs/layers.md').read()
    return re.search(rf'<!-- {name} -->\n```python\n(.*?)```', text, re.S).group(1)


def test_documented_padding_layer_works_through_conv_cfg(tmp_path, monkeypatch):
    (tmp_path / 'my_padding.py').write_text(_doc_example('my_padding.py'))
    monkeypatch.syspath_prepend(str(tmp_path))
    import my_padding  # noqa: F401  (registers 'mean' in MODELS)
    config = {}
    exec(_doc_example('config'), config)
    conv = build_conv_layer(config['conv_cfg'], 1, 1, 3, padding=1, bias=False)
    torch.nn.init.ones_(conv.weight)
    x = torch.tensor([[[[0., 4.], [8., 4.]]]])  # mean 4
    padded = conv.pad_layer(x)
    assert padded[0, 0, 0].tolist() == [4.] * 4 and padded[0, 0, 1, 1:3].tolist() == [0, 4]
    # every 3x3 window holds the 4 pixels (sum 16) and 5 pads of 4
    assert conv(x)[0, 0].tolist() == [[36., 36.], [36., 36.]]
    sys.modules.pop('my_padding')
