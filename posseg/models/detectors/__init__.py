from .image_margin import ImageMarginMixin, MarginSOLO, extend_image

__all__ = ['ImageMarginMixin', 'MarginSOLO', 'extend_image']
