# configs/saliency_nocoord.py without padding: every conv and pool of backbone and
# head is valid; MarginEncoderDecoder feeds them the image extended by the margin
# they consume (mirrored) so that the map lands on the image's grid (~14x the pixels
# of the padded config, as configs/seg_nocoord_none.py).
_base_ = './saliency_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(
    type='MarginEncoderDecoder',
    margin_mode='reflect',
    output_stride=8,
    backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
