# posenet_r50 without padding in any conv or pool of the encoder (valid convs), which
# the paper could not run: a ResNet's valid convs leave nothing of a 224 px image.
# The image is extended by the margin the encoder consumes (mirrored, as MarginSOLO
# and MarginEncoderDecoder do) and each level is cropped back to the image's grid, so
# the readout sees every position of the image and the encoder no zero border.
_base_ = './posenet_r50.py'
model = dict(
    encoder=dict(type='mmseg.AlignedResNetV1c',
                 conv_cfg=dict(type='PadConv2d', padding_mode='none')),
    margin_mode='reflect')  # levels at strides 4-32 (feat_strides' default)
