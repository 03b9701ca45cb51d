# configs/studies/saliency_padding.py with the centre bias off: the salient object's
# centre is uniform over where it fits, as the distractors' always are. Position
# still tells a little: the object fits in the image, so pixels near the edge are
# rarely salient (position alone: maxF .22 here, .38 with the bias; data/README.md).
# Same images otherwise (same backgrounds, distractors and salient objects; only the
# salient object moves), in a folder of their own.
#   python tools/study.py configs/studies/saliency_padding_uniform.py
_base_ = './saliency_padding.py'

data = dict(data_root='data/synthetic_saliency_uniform/',
            synthesis=dict(center_sigma=None))
variants = {f'{coord}-{padding}': dict(train_dataloader=dict(dataset=data),
                                       val_dataloader=dict(dataset=data),
                                       test_dataloader=dict(dataset=data))
            for coord in ('none', 'input')
            for padding in ('zeros', 'circular', 'reflect', 'none')}
del data
