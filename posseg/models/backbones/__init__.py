from .aligned_resnet import (AlignedResiduals, AlignedResNet, AlignedResNetV1c,
                             AlignedResNetV1d, AlignedSegResNet,
                             AlignedSegResNetV1d)
from .vgg import VGG16

__all__ = [
    'AlignedResNet', 'AlignedResNetV1c', 'AlignedResNetV1d', 'AlignedResiduals',
    'AlignedSegResNet', 'AlignedSegResNetV1d', 'VGG16'
]
