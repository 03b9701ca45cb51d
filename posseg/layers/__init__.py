from .conv_module_padding import patch_conv_module
from .convert import convert_padding, with_padding
from .coord_conv import AddCoords, CoordConv2d
from .pad_conv import NATIVE_MODES, POSSEG_MODES, PadConv2d, conv_output_size
from .residual_align import AlignedDownsample, align_residuals, center_align

patch_conv_module()

__all__ = [
    'AddCoords', 'AlignedDownsample', 'CoordConv2d', 'NATIVE_MODES', 'PadConv2d',
    'POSSEG_MODES', 'align_residuals', 'center_align', 'conv_output_size',
    'convert_padding', 'patch_conv_module', 'with_padding'
]
