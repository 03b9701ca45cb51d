# Study: how the border padding of the backbone and FPN changes SOLO (with CoordConv)
# on the embedded instances.  python tools/study.py configs/studies/solo_padding.py
#
# Every variant uses AlignedResNet (identical to mmdet's ResNet where sizes match, and
# runnable when valid convs shrink the maps) with PadConv2d in backbone and neck.
# 'none' also needs the image extended by the margin valid convs consume (MarginSOLO)
# and an FPN that crops instead of stretching (AlignedFPN).
# mmdet's SOLOHead takes no conv_cfg: its convs keep zero padding in this study.
base = 'configs/solo_coordconv.py'


def _padded(mode):
    conv_cfg = dict(type='PadConv2d', padding_mode=mode)
    if mode == 'none':  # the no-padding quick-start config: ~14x the compute
        return dict(_base_='configs/solo_coordconv_none.py')
    return dict(model=dict(backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
                           neck=dict(conv_cfg=conv_cfg)))


variants = dict(
    zeros=_padded('zeros'),
    circular=_padded('circular'),
    reflect=_padded('reflect'),
    none=_padded('none'),
)
del _padded
baseline = 'zeros'
seeds = [0, 1, 2]
metrics = ['coco/segm_mAP', 'coco/segm_mAP_50', 'coco/segm_mAP_75']
empty_value = 0.0  # COCO AP of a model that predicts nothing

references = [
    dict(source='Islam et al., ICLR 2020',
         setting='VGG trained from scratch, semantic segmentation, PASCAL VOC 2012 '
         'val mIoU (not SOLO, not instance masks, not this data)',
         values={'zero padding': 23.1, 'no padding': 12.3}),
    dict(source='Kayhan & van Gemert, CVPR 2020',
         setting='4-layer net, location-only classification on 32x32 images, '
         'similar-location / swapped-location test accuracy (%)',
         values={'S-conv zero': '99.8 / 8.4', 'S-conv circular': '73.7 / 73.7',
                 'V-conv (none)': '100.0 / 0.2'}),
]
