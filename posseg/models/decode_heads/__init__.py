from .aligned_aspp_head import AlignedASPPHead
from .aligned_fcn_head import AlignedFCNHead
from .aligned_sep_aspp_head import AlignedDepthwiseSeparableASPPHead
from .aligned_uper_head import AlignedUPerHead

__all__ = [
    'AlignedASPPHead', 'AlignedDepthwiseSeparableASPPHead', 'AlignedFCNHead',
    'AlignedUPerHead'
]
