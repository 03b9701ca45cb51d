"""circular_pad: F.pad's circular values, and gradients checked numerically."""
import itertools

import pytest
import torch
import torch.nn.functional as F

from posseg.layers import PadConv2d, circular_pad

PADS = [(1, 1, 1, 1), (2, 0, 0, 3), (0, 0, 1, 0), (3, 1, 2, 4), (5, 5, 4, 4)]
CASES = list(itertools.product(PADS, [(2, 3, 4, 5), (1, 6, 7)]))


@pytest.mark.parametrize('pad,shape', CASES)
def test_values_and_gradients_equal_torch(pad, shape):
    torch.manual_seed(0)
    x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
    ours = circular_pad(x, pad)
    ref = F.pad(x, pad, mode='circular')
    assert torch.equal(ours, ref)
    grad = torch.randn_like(ref)
    (g_ours,) = torch.autograd.grad(ours, x, grad)
    (g_ref,) = torch.autograd.grad(ref, x, grad)
    torch.testing.assert_close(g_ours, g_ref, rtol=0, atol=1e-12)
    assert torch.autograd.gradcheck(lambda t: circular_pad(t, pad), (x,))


def test_no_padding_is_the_input_itself():
    x = torch.randn(1, 2, 3, 4)
    assert circular_pad(x, (0, 0, 0, 0)) is x


def test_padding_larger_than_the_input_is_a_named_error():
    with pytest.raises(ValueError, match=r'does not fit an input of 4x5'):
        circular_pad(torch.zeros(1, 1, 4, 5), (1, 1, 5, 0))


def test_pad_conv_circular_trains_exactly_as_torch():
    """Same outputs and bit-identical gradients as torch's circular nn.Conv2d."""
    torch.manual_seed(0)
    ref = torch.nn.Conv2d(8, 16, 3, padding=1, padding_mode='circular')
    conv = PadConv2d(8, 16, 3, padding=1, padding_mode='circular')
    conv.load_state_dict(ref.state_dict())
    x = torch.randn(2, 8, 24, 40)
    grads = []
    for module in (conv, ref):
        xi = x.clone().requires_grad_()
        out = module(xi)
        out.backward(torch.ones_like(out).mul_(0.5) + out.detach())
        grads.append((out, xi.grad, module.weight.grad))
    for ours, theirs in zip(*grads):
        assert torch.equal(ours, theirs)
