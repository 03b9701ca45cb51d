# configs/solo_coordconv.py without padding in backbone and FPN (valid convs).
# Naming: configs/solo_<coordinates>_<padding>.py
# A padding-free ResNet-18 + FPN consumes 234 px on each side of a 128 px image, so
# MarginSOLO feeds it the image extended by that margin (mirrored, overlap-tile) and
# crops each FPN level back to the image's grid: ~21x the pixels of the padded
# config. The head keeps zero padding: its category branch works on S x S grids
# (S = 2..12) that valid 3x3 convs cannot keep at S x S.
_base_ = './solo_coordconv.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(
    type='MarginSOLO',
    margin_mode='reflect',
    backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
    neck=dict(type='AlignedFPN', conv_cfg=conv_cfg))
