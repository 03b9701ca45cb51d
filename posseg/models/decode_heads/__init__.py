from .aligned_fcn_head import AlignedFCNHead

__all__ = ['AlignedFCNHead']
