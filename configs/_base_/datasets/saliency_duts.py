# Saliency data: train on DUTS-TR (10,553 images; Wang et al. 2017), test on the usual
# benchmarks in one run, each scored under its own prefix (ECSSD/maxF, PASCAL-S/maxF,
# DUT-OMRON/maxF, DUTS-TE/maxF, ...); validation on ECSSD.
# Folders as the official archives unpack under data/saliency/ (data/README.md);
# a copy laid out otherwise: point data_prefix at it with --cfg-options.
dataset_type = 'SaliencyDataset'
data_root = 'data/saliency/'
crop_size = (352, 352)
# 'subset' carries each set's name to the metric
meta_keys = ('img_path', 'seg_map_path', 'ori_shape', 'img_shape', 'pad_shape',
             'scale_factor', 'flip', 'flip_direction', 'reduce_zero_label', 'subset')
train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadSaliencyMask'),
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    dict(type='PhotoMetricDistortion'),
    dict(type='PackSegInputs', meta_keys=meta_keys)
]
# the mask is loaded after the resize: the metric scores maps resized back to it
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='LoadSaliencyMask'),
    dict(type='PackSegInputs', meta_keys=meta_keys)
]
ecssd = dict(type=dataset_type, subset='ECSSD', data_root=data_root,
             data_prefix=dict(img_path='ECSSD/images',
                              seg_map_path='ECSSD/ground_truth_mask'),
             pipeline=test_pipeline)
pascal_s = dict(type=dataset_type, subset='PASCAL-S', data_root=data_root,
                data_prefix=dict(img_path='PASCAL-S/datasets/imgs/pascal',
                                 seg_map_path='PASCAL-S/datasets/masks/pascal'),
                pipeline=test_pipeline)
dut_omron = dict(type=dataset_type, subset='DUT-OMRON', data_root=data_root,
                 data_prefix=dict(img_path='DUT-OMRON/DUT-OMRON-image',
                                  seg_map_path='DUT-OMRON/pixelwiseGT-new-PNG'),
                 pipeline=test_pipeline)
duts_te = dict(type=dataset_type, subset='DUTS-TE', data_root=data_root,
               data_prefix=dict(img_path='DUTS/DUTS-TE/DUTS-TE-Image',
                                seg_map_path='DUTS/DUTS-TE/DUTS-TE-Mask'),
               pipeline=test_pipeline)
train_dataloader = dict(
    batch_size=4, num_workers=4, persistent_workers=True,
    sampler=dict(type='InfiniteSampler', shuffle=True),
    dataset=dict(type=dataset_type, subset='DUTS-TR', data_root=data_root,
                 data_prefix=dict(img_path='DUTS/DUTS-TR/DUTS-TR-Image',
                                  seg_map_path='DUTS/DUTS-TR/DUTS-TR-Mask'),
                 pipeline=train_pipeline))
val_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False), dataset=ecssd)
test_dataloader = dict(
    batch_size=1, num_workers=4, persistent_workers=True,
    sampler=dict(type='DefaultSampler', shuffle=False),
    dataset=dict(type='ConcatDataset',
                 datasets=[ecssd, pascal_s, dut_omron, duts_te]))
# MAE, max / mean / adaptive F-measure, S-measure, E-measure, weighted F (pysodmetrics)
val_evaluator = dict(type='SaliencyMetric')
test_evaluator = val_evaluator
