from .aligned_fpn import AlignedFPN, crop_to_pyramid

__all__ = ['AlignedFPN', 'crop_to_pyramid']
