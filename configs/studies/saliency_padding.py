# Study: padding x coordinates in salient object detection on the embedded data with
# its centre bias on (the salient object's centre ~ N(image centre, 0.12 of the side)
# per axis; data/README.md). configs/studies/saliency_padding_uniform.py is the same
# grid with objects placed uniformly: what position buys through the bias is the
# difference between the two.
#   python tools/study.py configs/studies/saliency_padding.py
# Padding of every conv and pool of backbone (AlignedResNetV1c) and FCN head
# (zeros | circular | reflect | none) x coord_mode of the head (none | input) x 3
# seeds. 'none' is configs/saliency_nocoord_none.py (~14x the compute of a padded run).
base = 'configs/saliency_nocoord.py'


def _variant(coord_mode, padding_mode):
    if padding_mode == 'none':  # the no-padding quick-start config, as it is
        return dict(_base_='configs/saliency_nocoord_none.py', model=dict(
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
metrics = ['maxF', 'MAE', 'Sm', 'meanE']

references = [
    dict(source='Islam et al., ICLR 2020',
         setting='VGG trained from scratch on MSRA-B, max F-measure on ECSSD / '
         'PASCAL-S / DUT-OMRON, single runs (real photographs; not this data, '
         'backbone or schedule)',
         values={'zero padding': '.78 / .66 / .63', 'no padding': '.36 / .32 / .25'}),
    dict(source='Islam et al., ICLR 2020',
         setting='the same models, MAE on ECSSD / PASCAL-S / DUT-OMRON',
         values={'zero padding': '.17 / .21 / .18', 'no padding': '.48 / .48 / .48'}),
]
