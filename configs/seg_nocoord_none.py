# configs/seg_nocoord.py without padding: every conv and pool of backbone and head is
# valid. MarginEncoderDecoder feeds them the image extended by the margin they consume
# (mirrored, overlap-tile) and crops the head's input so that its logits land on the
# image's 16 x 16 grid: the 128 px image becomes ~480 px (~14x the pixels of the
# padded config; not a 10-minute run on a CPU).
_base_ = './seg_nocoord.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(
    type='MarginEncoderDecoder',
    margin_mode='reflect',
    output_stride=8,
    backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
