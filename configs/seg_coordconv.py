# configs/seg_nocoord.py with coordinates where the decode head starts: the FCN head's
# convs that read the backbone's features are CoordConvs (x, y in [-1, 1]; the SOLO
# analogue). Zero padding as in the baseline.
#   python tools/train.py configs/seg_coordconv.py
_base_ = './seg_nocoord.py'

model = dict(decode_head=dict(type='AlignedFCNHead', coord_mode='input'))
