from .aligned_resnet import (AlignedResNet, AlignedResNetMixin, AlignedResNetV1c,
                             AlignedResNetV1d, AlignedSegResNet,
                             AlignedSegResNetV1d)
from .vgg import VGG16

__all__ = [
    'AlignedResNet', 'AlignedResNetMixin', 'AlignedResNetV1c', 'AlignedResNetV1d',
    'AlignedSegResNet', 'AlignedSegResNetV1d', 'VGG16'
]
