# deeplabv3_r50-d8_4xb2-80k_cityscapes-512x1024 with coordinates where the decode head
# starts: the convs that read the backbone's features are CoordConvs (x, y in [-1, 1]).
# Zero padding.
_base_ = './deeplabv3_r50-d8_4xb2-80k_cityscapes-512x1024.py'

model = dict(decode_head=dict(type='AlignedASPPHead', coord_mode='input'))
