# configs/saliency_nocoord.py with coordinates where the decode head starts: the FCN
# head's convs that read the backbone's features are CoordConvs (x, y in [-1, 1]).
# Zero padding as in the baseline.
#   python tools/train.py configs/saliency_coordconv.py
_base_ = './saliency_nocoord.py'

model = dict(decode_head=dict(type='AlignedFCNHead', coord_mode='input'))
