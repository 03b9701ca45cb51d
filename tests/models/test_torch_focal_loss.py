"""TorchFocalLoss: the focal loss by its definition, as mmdet computes it on CPU."""
import pytest
import torch
from mmdet.models.losses import FocalLoss

from posseg.models import TorchFocalLoss


def _definition(pred, labels, gamma=2.0, alpha=0.25):
    """Sigmoid focal loss (Lin et al.), averaged over samples and classes as mmdet."""
    target = torch.zeros_like(pred)
    fg = labels < pred.size(1)
    target[fg, labels[fg]] = 1
    p = pred.sigmoid()
    pt = torch.where(target == 1, p, 1 - p)
    at = torch.where(target == 1, torch.full_like(p, alpha),
                     torch.full_like(p, 1 - alpha))
    return (-at * (1 - pt) ** gamma * pt.log()).mean()


@pytest.mark.parametrize('seed', range(3))
def test_matches_the_definition_and_mmdet_on_cpu(seed):
    torch.manual_seed(seed)
    pred = torch.randn(40, 5, requires_grad=True)
    labels = torch.randint(0, 6, (40,))  # 5 = background
    ours = TorchFocalLoss(use_sigmoid=True, gamma=2.0, alpha=0.25)(pred, labels)
    stock = FocalLoss(use_sigmoid=True, gamma=2.0, alpha=0.25)(pred, labels)
    assert ours.item() == pytest.approx(_definition(pred, labels).item(), rel=1e-5)
    assert torch.equal(ours, stock)
    weight = torch.rand(40)
    assert torch.equal(
        TorchFocalLoss()(pred, labels, weight, avg_factor=7.0),
        FocalLoss()(pred, labels, weight, avg_factor=7.0))
    ours.backward()
    assert pred.grad.abs().sum() > 0


# Skipped on CI (no GPU); run and passed on an H200 (README, Benchmark). On a GPU
# without mmcv's CUDA ops it fails in mmdet's FocalLoss, as training would.
@pytest.mark.skipif(not torch.cuda.is_available(), reason='needs a CUDA GPU')
@pytest.mark.parametrize('seed', range(3))
def test_matches_mmcv_cuda_kernel_on_gpu(seed):
    """On a GPU mmdet's FocalLoss runs mmcv's compiled kernel; ours must agree."""
    torch.manual_seed(seed)
    pred = torch.randn(4000, 80, device='cuda')
    labels = torch.randint(0, 81, (4000,), device='cuda')  # 80 = background
    weight = torch.rand(4000, device='cuda')
    for kwargs in (dict(), dict(weight=weight, avg_factor=123.0)):
        losses, grads = [], []
        for loss_type in (TorchFocalLoss, FocalLoss):
            x = pred.clone().requires_grad_()
            loss = loss_type(use_sigmoid=True, gamma=2.0, alpha=0.25)(x, labels, **kwargs)
            loss.backward()
            losses.append(loss)
            grads.append(x.grad)
        torch.testing.assert_close(losses[0], losses[1], rtol=1e-5, atol=1e-7)
        torch.testing.assert_close(grads[0], grads[1], rtol=1e-4, atol=1e-8)
