"""The extension point, exactly as docs/custom_padding.md shows it."""
import sys

import torch
from mmcv.cnn import build_conv_layer

import posseg  # noqa: F401  (registers PadConv2d)
from conftest import doc_blocks


def test_documented_padding_layer_works_through_conv_cfg(tmp_path, monkeypatch):
    blocks = doc_blocks('custom_padding.md')
    (tmp_path / 'my_padding.py').write_text(blocks['my_padding.py'])
    monkeypatch.syspath_prepend(str(tmp_path))
    import my_padding  # noqa: F401  (registers 'mean' in MODELS)
    config = {}
    exec(blocks['configs/solo_meanpad.py'].replace("_base_ = './solo_coordconv.py'",
                                                   ''), config)
    conv = build_conv_layer(config['conv_cfg'], 1, 1, 3, padding=1, bias=False)
    torch.nn.init.ones_(conv.weight)
    x = torch.tensor([[[[0., 4.], [8., 4.]]]])  # mean 4
    padded = conv.pad_layer(x)
    assert padded[0, 0, 0].tolist() == [4.] * 4 and padded[0, 0, 1, 1:3].tolist() == [0, 4]
    # every 3x3 window holds the 4 pixels (sum 16) and 5 pads of 4
    assert conv(x)[0, 0].tolist() == [[36., 36.], [36., 36.]]
    sys.modules.pop('my_padding')
