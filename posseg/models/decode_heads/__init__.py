from .aligned_aspp_head import AlignedASPPHead
from .aligned_fcn_head import AlignedFCNHead

__all__ = ['AlignedASPPHead', 'AlignedFCNHead']
