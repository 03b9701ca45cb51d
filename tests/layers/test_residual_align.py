"""align_residuals: a residual block's identity path meets its residual path."""
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

from posseg.layers import (AlignedDownsample, PadConv2d, align_residuals,
                           convert_padding)
from posseg.layers.residual_align import module_output_size


@pytest.mark.parametrize('conv, size, out', [
    (nn.Conv2d(1, 1, 3, padding=1), (9, 8), (9, 8)),
    (nn.Conv2d(1, 1, 3, stride=2, padding=1), (9, 8), (5, 4)),
    (nn.Conv2d(1, 1, 3, padding='same'), (9, 8), (9, 8)),
    (nn.Conv2d(1, 1, (3, 5), padding='valid', dilation=2), (9, 12), (5, 4)),
    (PadConv2d(1, 1, 3, padding=1, padding_mode='none'), (9, 8), (7, 6)),
    (PadConv2d(1, 1, 3, padding=1, padding_mode='full'), (9, 8), (11, 10)),
])
def test_module_output_size_is_the_conv_output_size(conv, size, out):
    assert module_output_size(conv, *size) == out
    assert tuple(conv(torch.zeros(1, 1, *size)).shape[-2:]) == out


def _block(mode):
    torch.manual_seed(0)
    block = torchvision.models.resnet.BasicBlock(4, 4).eval()
    convert_padding(block, mode)  # aligns it too
    return block


@pytest.mark.parametrize('mode, crop', [('none', 2), ('full', -2)])
def test_identity_is_center_cropped_or_zero_padded(mode, crop):
    block = _block(mode)
    assert isinstance(block.downsample, AlignedDownsample)
    x = torch.randn(1, 4, 10, 10)
    residual = block.bn2(block.conv2(block.relu(block.bn1(block.conv1(x)))))
    # two 3x3 convs: 4 px smaller (none) or larger (full); identity centered
    identity = F.pad(x, (-crop,) * 4)
    assert residual.shape[-2:] == identity.shape[-2:] == (10 - 2 * crop,) * 2
    assert torch.equal(block(x), torch.relu(residual + identity))


def test_aligning_is_idempotent_and_a_no_op_where_sizes_match():
    block = torchvision.models.resnet.BasicBlock(4, 4).eval()
    x = torch.randn(1, 4, 8, 8)
    before = block(x)
    assert align_residuals(block) == 1 and align_residuals(block) == 0
    assert torch.equal(block(x), before)
    assert set(block.state_dict()) == set(
        torchvision.models.resnet.BasicBlock(4, 4).state_dict())
