from .image_margin import (ImageMarginMixin, MarginSOLO, MarginSOLOv2, extend_image,
                           smallest_margin)

__all__ = ['ImageMarginMixin', 'MarginSOLO', 'MarginSOLOv2', 'extend_image',
           'smallest_margin']
