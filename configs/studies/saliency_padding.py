# Study: padding x coordinates in salient object detection on the embedded data with
# its centre bias on (the salient object's centre ~ N(image centre, 0.12 of the side)
# per axis; data/README.md). configs/studies/saliency_padding_uniform.py is the same
# grid with objects placed uniformly: what position buys through the bias is the
# difference between the two.
#   python tools/study.py configs/studies/saliency_padding.py
# The grid of configs/studies/seg_padding.py on the saliency quick-start: padding of
# every conv and pool of backbone (AlignedResNetV1c) and FCN head (zeros | circular |
# reflect | none) x coord_mode of the head (none | input) x 3 seeds. 'none' is
# configs/saliency_nocoord_none.py (~14x the compute of a padded run).
_base_ = './seg_padding.py'

base = 'configs/saliency_nocoord.py'
variants = {f'{coord}-none': dict(_base_='configs/saliency_nocoord_none.py')
            for coord in ('none', 'input')}
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
