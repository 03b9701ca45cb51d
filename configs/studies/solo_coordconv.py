# Study: coordinates x padding in SOLO on the embedded instances (the SOLO issue).
#   python tools/study.py configs/studies/solo_coordconv.py
# coord_mode of PosSOLOHead (none | input = mmdet's | all) x padding of every conv in
# backbone (AlignedResNet), FPN and head (zeros | circular | reflect | none) x 3 seeds.
# 'none' (valid convs) is runnable as in configs/solo_<coord>_none.py: MarginSOLO feeds
# backbone and AlignedFPN the image with a mirrored margin (234 px each side) and the
# head keeps zero padding (its category branch works on S x S grids that valid convs
# cannot keep). It costs ~11x a padded run: 79 min vs ~7 min on 2 CPU cores.
base = 'configs/solo_coordconv.py'


def _variant(coord_mode, padding_mode):
    conv_cfg = dict(type='PadConv2d', padding_mode=padding_mode)
    if padding_mode == 'none':  # the no-padding quick-start config, as it is
        return dict(_base_='configs/solo_coordconv_none.py', model=dict(
            mask_head=dict(type='PosSOLOHead', coord_mode=coord_mode)))
    return dict(model=dict(
        backbone=dict(type='AlignedResNet', conv_cfg=conv_cfg),
        neck=dict(conv_cfg=conv_cfg),
        mask_head=dict(type='PosSOLOHead', coord_mode=coord_mode,
                       conv_cfg=conv_cfg)))


variants = {f'{coord}-{padding}': _variant(coord, padding)
            for coord in ('input', 'none', 'all')
            for padding in ('zeros', 'circular', 'reflect', 'none')}
del _variant
baseline = 'input-zeros'
seeds = [0, 1, 2]
metrics = ['coco/segm_mAP', 'coco/segm_mAP_50', 'coco/segm_mAP_75']
empty_value = 0.0  # COCO AP of a model that predicts nothing

references = [
    dict(source='Wang et al., SOLO (ECCV 2020), ablation',
         setting='ResNet-50 on COCO, mask AP; coordinates at the mask-branch input '
         'vs none (cells unverified)',
         values={'input': 35.8, 'none': '~32.2 (-3.6)',
                 'two CoordConvs': 'no noticeable gain'}),
]
