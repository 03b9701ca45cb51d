from .aligned_aspp_head import AlignedASPPHead
from .aligned_fcn_head import AlignedFCNHead
from .aligned_uper_head import AlignedUPerHead

__all__ = ['AlignedASPPHead', 'AlignedFCNHead', 'AlignedUPerHead']
