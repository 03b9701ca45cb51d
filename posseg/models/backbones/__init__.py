from .aligned_resnet import AlignedResNet, AlignedResNetV1d, aligned
from .vgg import VGG16

__all__ = ['AlignedResNet', 'AlignedResNetV1d', 'VGG16', 'aligned']
