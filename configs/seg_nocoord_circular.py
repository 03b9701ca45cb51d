# configs/seg_nocoord.py with circular padding in every conv and pool of backbone and
# head: no border, no coordinates, nothing that tells the network where it is.
_base_ = './seg_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='circular')
model = dict(backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
             decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
