# configs/studies/saliency_padding_uniform.py on a torus: objects cross the image edge
# and come back on the other side, over a periodic background (synthesis wrap=True;
# data/README.md). Every pixel is equally likely salient (position alone: maxF .099,
# a constant map .094), and a circular shift of an image is as likely as the image:
# circular padding fits the data exactly, zero padding adds a border it does not have.
# If circular still loses to zeros here, its loss on the uniform set is not about
# position. Zeros and circular, without coordinates and with them at the head's input.
#   python tools/study.py configs/studies/saliency_padding_torus.py
_base_ = './saliency_padding.py'

data = dict(data_root='data/synthetic_saliency_torus/',
            synthesis=dict(center_sigma=None, wrap=True))


def _variant(coord_mode, padding_mode):  # seg_padding.py's padded cells, on this data
    conv_cfg = dict(type='PadConv2d', padding_mode=padding_mode)
    return dict(
        model=dict(backbone=dict(type='AlignedResNetV1c', conv_cfg=conv_cfg),
                   decode_head=dict(type='AlignedFCNHead', coord_mode=coord_mode,
                                    conv_cfg=conv_cfg)),
        train_dataloader=dict(dataset=data), val_dataloader=dict(dataset=data),
        test_dataloader=dict(dataset=data))


# _delete_: the base study's reflect and none cells are not part of this one
variants = dict(_delete_=True, **{f'{coord}-{padding}': _variant(coord, padding)
                                  for coord in ('none', 'input')
                                  for padding in ('zeros', 'circular')})
del data, _variant
