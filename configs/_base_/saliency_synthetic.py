# Salient object detection sized for a 2-core CPU, on the embedded saliency data
# (posseg/datasets/synthetic_saliency.py; data/README.md) with its centre bias on.
# Network and optimiser are the semantic-segmentation quick-start's (half-width
# ResNet-18-V1c from scratch, FCN head), with one output channel: a per-pixel
# probability of "salient" (sigmoid, binary cross-entropy), the map the saliency
# metrics read at 256 thresholds.
_base_ = './seg_synthetic.py'

# ---------------------------------------------------------------- data
dataset_type = 'SyntheticSaliencyDataset'
data_root = 'data/synthetic_saliency/'
# center_sigma: spread of the salient object's centre around the image centre
# (fraction of the side); None places it uniformly (no centre bias); wrap=True
# with None makes each image a torus, where position tells nothing (data/README.md)
synthesis = dict(num_train=400, num_val=100, image_size=128, center_sigma=0.12)
meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape', 'pad_shape',
             'scale_factor', 'flip', 'flip_direction', 'reduce_zero_label', 'subset')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMask'),
    dict(type='RandomFlip', prob=0.5, direction='horizontal'),
    dict(type='PackSegInputs', meta_keys=meta_keys)
]
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMask'),
    dict(type='PackSegInputs', meta_keys=meta_keys)
]
train_dataloader = dict(dataset=dict(
    _delete_=True, type=dataset_type, data_root=data_root, synthesis=synthesis,
    data_prefix=dict(img_path='img_dir/train', seg_map_path='ann_dir/train'),
    pipeline=train_pipeline))
val_dataloader = dict(dataset=dict(
    _delete_=True, type=dataset_type, data_root=data_root, synthesis=synthesis,
    data_prefix=dict(img_path='img_dir/val', seg_map_path='ann_dir/val'),
    pipeline=test_pipeline))
test_dataloader = val_dataloader
# MAE, max / mean / adaptive F-measure, S-measure, E-measure, weighted F (pysodmetrics)
val_evaluator = dict(_delete_=True, type='SaliencyMetric')
test_evaluator = val_evaluator

# ---------------------------------------------------------------- model
model = dict(decode_head=dict(
    num_classes=2, out_channels=1, threshold=0.5,
    loss_decode=dict(use_sigmoid=True)))

# ---------------------------------------------------------------- schedule
# The segmentation quick-start's, 32 epochs instead of 40: 7.8 min on 2 cores with
# validation every 8 epochs (maxF .76 after 8 epochs, .85 after 16, .89 after 32).
max_epochs = 32
train_cfg = dict(max_epochs=max_epochs)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=100),
    dict(type='MultiStepLR', begin=0, end=max_epochs, by_epoch=True,
         milestones=[24, 29], gamma=0.1)
]
