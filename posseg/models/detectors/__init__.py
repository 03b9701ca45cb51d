from .image_margin import ImageMarginMixin, MarginSOLO, MarginSOLOv2, extend_image

__all__ = ['ImageMarginMixin', 'MarginSOLO', 'MarginSOLOv2', 'extend_image']
