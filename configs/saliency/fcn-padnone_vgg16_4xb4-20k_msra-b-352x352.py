# fcn_vgg16_4xb4-20k_msra-b-352x352 with no padding: valid convs and pools;
# MarginEncoderDecoder extends the image by the margin they consume (mirrored) and crops
# each level so that the map lands on the image (much more compute).
_base_ = './fcn_vgg16_4xb4-20k_msra-b-352x352.py'

conv_cfg = dict(type='PadConv2d', padding_mode='none')
model = dict(
    type='MarginEncoderDecoder', margin_mode='reflect', output_stride=16,
    backbone=dict(type='VGG16', conv_cfg=conv_cfg),
    decode_head=dict(type='AlignedFCNHead', conv_cfg=conv_cfg))
