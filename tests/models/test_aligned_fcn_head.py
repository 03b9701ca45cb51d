"""A VGG16-FCN segmentor trains without any padding (Islam et al.'s 12.3 mIoU setting)."""
import torch
from mmengine.registry import DefaultScope
from mmengine.structures import PixelData
from mmseg.registry import MODELS
from mmseg.structures import SegDataSample

import posseg  # noqa: F401  (registers VGG16, AlignedFCNHead, PadConv2d)


def _segmentor(head_type):
    conv_cfg = dict(type='PadConv2d', padding_mode='none')
    norm_cfg = dict(type='BN')
    with DefaultScope.overwrite_default_scope('mmseg'):
        return MODELS.build(dict(
            type='EncoderDecoder',
            data_preprocessor=dict(type='SegDataPreProcessor', size=(320, 320)),
            backbone=dict(type='VGG16', out_indices=(4,), conv_cfg=conv_cfg),
            decode_head=dict(type=head_type, in_channels=512, channels=16,
                             num_convs=2, concat_input=True, num_classes=3,
                             conv_cfg=conv_cfg, norm_cfg=norm_cfg)))


def test_vgg_fcn_without_padding_trains():
    model = _segmentor('AlignedFCNHead')
    sample = SegDataSample(gt_sem_seg=PixelData(
        data=torch.randint(0, 3, (1, 320, 320))))
    sample.set_metainfo(dict(img_shape=(320, 320), pad_shape=(320, 320)))
    data = model.data_preprocessor(
        dict(inputs=[torch.randint(0, 255, (3, 320, 320), dtype=torch.uint8)],
             data_samples=[sample]), training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    losses['decode.loss_ce'].backward()
    assert model.backbone.features[0].weight.grad.abs().sum() > 0


def test_stock_fcn_head_cannot_concat_unequal_maps():
    model = _segmentor('FCNHead')
    try:
        model.decode_head([torch.randn(1, 512, 9, 9)])
    except RuntimeError as err:
        assert 'Sizes of tensors must match' in str(err)
    else:
        raise AssertionError('stock FCNHead unexpectedly handled valid convs')
