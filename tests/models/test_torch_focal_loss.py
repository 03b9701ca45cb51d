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
