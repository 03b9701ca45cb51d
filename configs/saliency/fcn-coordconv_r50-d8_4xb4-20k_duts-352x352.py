# fcn_r50-d8_4xb4-20k_duts-352x352 with coordinates where the decode head starts: the
# convs that read the backbone's features are CoordConvs (x, y in [-1, 1]). Zero
# padding.
_base_ = './fcn_r50-d8_4xb4-20k_duts-352x352.py'

model = dict(decode_head=dict(type='AlignedFCNHead', coord_mode='input'))
