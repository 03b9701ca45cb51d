# Study: padding x coordinates in semantic segmentation on the embedded position /
# appearance classes (the mIoU half of the mission).
#   python tools/study.py configs/studies/seg_padding.py
# Padding of every conv and pool of backbone (AlignedResNetV1c) and FCN head
# (zeros | circular | reflect | none) x coord_mode of the head (none | input: CoordConv
# where the head reads the backbone) x 3 seeds. 'none' is configs/seg_nocoord_none.py
# (MarginEncoderDecoder: valid convs, the image extended by a mirrored margin): ~14x
# the compute of a padded run. mIoU.position averages the classes decided by where a
# disc lies (disc_top, disc_bottom), mIoU.appearance those decided by shape alone;
# a position-blind model stays below the bound in data/README.md (73.4 on position).
base = 'configs/seg_nocoord.py'


def _variant(coord_mode, padding_mode):
    if padding_mode == 'none':  # the no-padding quick-start config, as it is
        return dict(_base_='configs/seg_nocoord_none.py', model=dict(
            decode_head=dict(coord_mode=coord_mode)))
    conv_cfg = dict(type='PadConv2d', padding_mode=padding_mode)
    return dict(model=dict(
        backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
        decode_head=dict(type='AlignedFCNHead', coord_mode=coord_mode,
                         conv_cfg=conv_cfg)))


variants = {f'{coord}-{padding}': _variant(coord, padding)
            for coord in ('none', 'input')
            for padding in ('zeros', 'circular', 'reflect', 'none')}
del _variant
baseline = 'none-zeros'
seeds = [0, 1, 2]
metrics = ['mIoU', 'mIoU.position', 'mIoU.appearance']

references = [
    dict(source='Islam et al., ICLR 2020',
         setting='VGG16 trained from scratch, PASCAL VOC 2012 val mIoU, single runs '
         '(real photographs, 21 classes; not this data, backbone or schedule)',
         values={'zero padding': 23.1, 'no padding': 12.3}),
    dict(source='Kayhan & van Gemert, CVPR 2020',
         setting='4-layer net, location-only classification on 32x32 images, '
         'similar-location / swapped-location test accuracy (%)',
         values={'S-conv zero': '99.8 / 8.4', 'S-conv circular': '73.7 / 73.7',
                 'V-conv (none)': '100.0 / 0.2'}),
]
