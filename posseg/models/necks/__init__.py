from .aligned_fpn import AlignedFPN

__all__ = ['AlignedFPN']
