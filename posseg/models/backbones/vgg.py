"""VGG-16 (the encoder of the position-information papers) that honours conv_cfg."""
import torch.nn as nn
from mmcv.cnn import build_conv_layer, build_norm_layer
from mmdet.registry import MODELS as MMDET_MODELS
from mmengine.model import BaseModule
from mmseg.registry import MODELS as MMSEG_MODELS

STAGES = ((64, 64), (128, 128), (256, 256, 256), (512, 512, 512), (512, 512, 512))


@MMDET_MODELS.register_module()
@MMSEG_MODELS.register_module()
class VGG16(BaseModule):
    """VGG-16 features, layer for layer as torchvision's ``vgg16``/``vgg16_bn``.

    ``self.features`` has torchvision's indices, so its checkpoints load as they
    are (``init_cfg=dict(type='Pretrained', checkpoint='torchvision://vgg16')``;
    the classifier keys are ignored).

    Args:
        out_indices (Sequence[int]): Stages whose last ReLU output is returned:
            0..4 = relu1_2, relu2_2, relu3_3, relu4_3, relu5_3 (strides 1..16).
        conv_cfg (dict, optional): Conv type, e.g. ``dict(type='PadConv2d',
            padding_mode='none')``.
        norm_cfg (dict, optional): e.g. ``dict(type='BN')`` for VGG-16-BN.
        init_cfg (dict, optional): mmengine init config.
    """

    def __init__(self, out_indices=(0, 1, 2, 3, 4), conv_cfg=None, norm_cfg=None,
                 init_cfg=None):
        super().__init__(init_cfg)
        if not set(out_indices) <= set(range(len(STAGES))):
            raise ValueError(f'VGG16: out_indices {out_indices} must be in 0..4')
        self.out_indices = tuple(out_indices)
        layers, self.taps = [], []
        in_channels = 3
        for stage, widths in enumerate(STAGES):
            if stage:
                layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
            for width in widths:
                layers.append(build_conv_layer(conv_cfg, in_channels, width, 3,
                                               padding=1))
                if norm_cfg is not None:
                    layers.append(build_norm_layer(norm_cfg, width)[1])
                layers.append(nn.ReLU(inplace=True))
                in_channels = width
            self.taps.append(len(layers) - 1)
        self.features = nn.Sequential(*layers)

    def forward(self, x):
        """Returns: tuple[Tensor]: the ``out_indices`` stage outputs."""
        outs = []
        last = self.taps[max(self.out_indices)]
        for i, layer in enumerate(self.features[:last + 1]):
            x = layer(x)
            if i in self.taps and self.taps.index(i) in self.out_indices:
                outs.append(x)
        return tuple(outs)
