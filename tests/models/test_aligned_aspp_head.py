"""AlignedASPPHead: ASPPHead under zero padding, runnable and aligned without it."""
import pytest
import torch

from conftest import build_seg_head, changed_center, module_input

DILATIONS = (1, 2, 3)


def _head(head_type, padding_mode=None, act_cfg=dict(type='ReLU')):
    return build_seg_head(padding_mode, act_cfg, type=head_type, in_channels=8,
                          channels=4, dilations=DILATIONS, num_classes=2)


def test_same_outputs_as_aspp_head_under_zero_padding():
    stock, aligned = _head('ASPPHead'), _head('AlignedASPPHead')
    aligned.load_state_dict(stock.state_dict())
    x = [torch.randn(2, 8, 20, 20)]
    torch.testing.assert_close(aligned(x), stock(x))


@pytest.mark.parametrize('mode, size', [('none', 20 - 2 * 3 - 2),
                                        ('full', 20 + 2)])
def test_runs_where_aspp_head_cannot(mode, size):
    x = [torch.randn(1, 8, 20, 20)]
    with pytest.raises(RuntimeError, match='Sizes of tensors must match'):
        _head('ASPPHead', mode)(x)
    assert _head('AlignedASPPHead', mode)(x).shape == (1, 2, size, size)


def _branch_inputs(head, x):
    """The bottleneck's input, split into the pooling branch and the ASPP branches."""
    return module_input(head, head.bottleneck, [x]).split(head.channels, dim=1)


def test_branches_see_the_same_pixel_without_padding():
    # linear branches: a bump changes every tap of every dilated conv
    head = _head('AlignedASPPHead', 'none', act_cfg=None)
    x = torch.randn(1, 8, 20, 20)
    bumped = x.clone()
    bumped[..., 9, 12] += 10.0
    before, after = _branch_inputs(head, x), _branch_inputs(head, bumped)
    centers = [changed_center(b, a) for b, a in zip(before[1:], after[1:])]
    # every branch's response to the bump is centered on the same output pixel:
    # input (9, 12) minus the largest dilation's border
    assert centers == [(9.0 - 3, 12.0 - 3)] * len(DILATIONS)
