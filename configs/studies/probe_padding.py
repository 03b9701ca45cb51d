# Study: how much absolute position the SOLO quick-start encoder holds, by padding,
# randomly initialised and as trained by the SOLO study (Islam et al.'s PosENet probe).
#   python tools/study.py configs/studies/probe_padding.py
# Each run is tools/probe.py on the ResNet-18 backbone of configs/solo_coordconv.py
# (AlignedResNet, every conv and the stem max-pool padded as named): a readout per
# map (H, V) trained on skimage's photographs, tested on the held-out photographs and
# on black, white and noise inputs. 'random-*' encoders are drawn with the run's seed;
# 'solo-*' read the backbone of the SOLO study's run without coordinates of the same
# padding and seed (solo_coordconv 'none-<padding>': position can only come from the
# border there), trained first with the command each variant names.
# 'coordconv' has CoordConv at the encoder's input (zero padding); the SOLO study has
# no trained counterpart (its coordinates are in the head). 'readout-only' is the
# control: the readout on the image itself.
# 'none' (valid convs) sees the image extended by the 202 px margin its convs
# consume (mirrored, as MarginSOLO does; margin_mode of PositionReadout): ~17x the
# pixels of a padded run (532 px for 128 px).
base = 'configs/solo_coordconv.py'

def _encoder(mode, coord_input=False):
    encoder = dict(model=dict(backbone=dict(
        type='AlignedResNet', coord_input=coord_input,
        conv_cfg=dict(type='PadConv2d', padding_mode=mode))))
    if mode == 'none':
        encoder['probe_readout'] = dict(margin_mode='reflect')
    return encoder


def _trained(mode):
    return dict(_encoder(mode),
                checkpoint=f'work_dirs/studies/solo_coordconv/none-{mode}/'
                'seed_{seed}/epoch_24.pth',
                trained_by='python tools/study.py configs/studies/solo_coordconv.py '
                f'--variants none-{mode} --seeds {{seed}}')


variants = {
    'readout-only': dict(_base_='configs/probe/posenet_readout-only.py'),
    'random-zeros': _encoder('zeros'),
    'random-circular': _encoder('circular'),
    'random-reflect': _encoder('reflect'),
    'random-none': _encoder('none'),
    'random-coordconv': _encoder('zeros', coord_input=True),
    'solo-zeros': _trained('zeros'),
    'solo-circular': _trained('circular'),
    'solo-reflect': _trained('reflect'),
    'solo-none': _trained('none'),
}
baseline = 'random-zeros'
seeds = [0, 1, 2]
# 256 training draws per epoch (the paper's schedule otherwise: 15 epochs, lr 0.1
# x0.1 at 10, batch 32) at the SOLO study's image size
probe = dict(gt=['H', 'V'], inputs=['natural', 'black', 'white', 'noise'],
             epochs=15, length=256, size=128, batch_size=32)
# SPC on every input, MAE on the photographs (each run's probe.json has them all)
metrics = ([f'{gt}/{kind}/spc' for gt in ('H', 'V')
            for kind in ('natural', 'black', 'white', 'noise')]
           + ['H/natural/mae', 'V/natural/mae'])

references = [
    dict(source='Islam et al., ICLR 2020, Table 1',
         setting='ImageNet-pretrained encoders (VGG16, ResNet-152; not ResNet-18 '
         'from scratch), trained on DUTS-TR, tested on PASCAL-S at 224 px; '
         'H / V SPC on natural images',
         values={'readout alone': '.012 / .131', 'VGG16': '.742 / .816',
                 'VGG16 without padding': '.381 / n/a',
                 'ResNet-152': '.933 / .951'}),
    dict(source='Islam et al., ICLR 2020, Section 4',
         setting='same encoders, H SPC on black / white / noise inputs',
         values={'VGG16': '.751 / .873 / .591', 'ResNet-152': '.987 / .994 / .973'}),
]
