# configs/saliency_nocoord.py with reflect padding in every conv and pool of backbone
# and head: a border the network sees only through mirrored content.
_base_ = './saliency_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='reflect')
model = dict(backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
             decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
