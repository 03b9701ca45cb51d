"""mmdet's sigmoid FocalLoss that never needs mmcv's compiled CUDA kernel."""
import torch.nn.functional as F
from mmdet.models.losses import FocalLoss
from mmdet.registry import MODELS


@MODELS.register_module()
class TorchFocalLoss(FocalLoss):
    """``FocalLoss`` on its pure-PyTorch path on every device.

    mmdet's ``FocalLoss`` calls mmcv's ``sigmoid_focal_loss`` kernel whenever the
    prediction is on a GPU and the target holds class indices; with an mmcv built
    without CUDA ops that fails. Turning the indices into one-hot targets (what
    mmdet itself does on the CPU) sends every call down mmdet's own
    ``py_sigmoid_focal_loss``. Same arguments as ``FocalLoss``.
    """

    def forward(self, pred, target, *args, **kwargs):
        if self.use_sigmoid and not self.activated and pred.dim() != target.dim():
            num_classes = pred.size(1)
            # index num_classes is background: its one-hot row is all zeros
            target = F.one_hot(target, num_classes + 1)[:, :num_classes]
        return super().forward(pred, target, *args, **kwargs)
