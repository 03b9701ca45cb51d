from .circular_pad import circular_pad
from .convert import convert_padding, with_coords, with_padding
from .coord_conv import AddCoords, CoordConv2d
from .pad_conv import NATIVE_MODES, POSSEG_MODES, PadConv2d, conv_output_size
from .pad_pool import PadMaxPool2d, pool_with_padding
from .map_align import center_align, crop_to_pyramid, upsample_onto
from .residual_align import AlignedDownsample, align_residuals
from .wrapped_resize import (CircularResamplingMixin, WrapAroundResampling,
                             interpolate_wrapped)

__all__ = [
    'AddCoords', 'AlignedDownsample', 'CircularResamplingMixin', 'CoordConv2d',
    'NATIVE_MODES', 'PadConv2d', 'PadMaxPool2d', 'POSSEG_MODES',
    'WrapAroundResampling', 'align_residuals', 'center_align', 'circular_pad',
    'conv_output_size', 'convert_padding', 'crop_to_pyramid', 'interpolate_wrapped',
    'pool_with_padding', 'upsample_onto', 'with_coords', 'with_padding'
]
