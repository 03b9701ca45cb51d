# configs/saliency_nocoord.py with circular padding in every conv and pool of backbone
# and head: no border and no coordinates, so no cue to where the centre is.
_base_ = './saliency_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='circular')
model = dict(backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
             decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
