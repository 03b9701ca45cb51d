# fcn_vgg16_4xb4-20k_duts-352x352 trained on MSRA-B's training split instead (2,500
# images listed in train_cvpr2013.txt; Jiang et al. 2013), the training set of Islam
# et al.'s saliency experiment. MSRA-B keeps images (.jpg) and masks (.png) in one
# folder. posseg's variants: fcn-<change>_vgg16_4xb4-20k_msra-b-352x352.py.
_base_ = './fcn_vgg16_4xb4-20k_duts-352x352.py'

train_dataloader = dict(dataset=dict(
    _delete_=True, type='SaliencyDataset', subset='MSRA-B',
    data_root={{_base_.data_root}}, ann_file='MSRA-B/train_cvpr2013.txt',
    img_suffix='.jpg', seg_map_suffix='.png',
    data_prefix=dict(img_path='MSRA-B', seg_map_path='MSRA-B'),
    pipeline={{_base_.train_pipeline}}))
