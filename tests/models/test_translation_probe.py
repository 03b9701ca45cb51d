"""Circular padding and no coordinates remove absolute position: shift in, shift out.

SOLO's mask branch predicts one mask per grid cell. If the network cannot know
where it is, shifting the image (circularly, by a multiple of the network's
stride) must shift every mask channel by the same amount. VGG16 (2x2 pools, no
padded pooling) + FPN + PosSOLOHead, all convs circular: with coordinates off that
holds up to the head's bilinear upsampling at the border; with mmdet's coordinates
on it does not.
"""
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.registry import DefaultScope

import posseg  # noqa: F401  (registers VGG16, PosSOLOHead, PadConv2d)

SHIFT = 32  # FPN's extra level has stride 32: shifts of 32 px keep every grid


def _network(coord_mode):
    conv_cfg = dict(type='PadConv2d', padding_mode='circular')
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmdet'):
        backbone = MODELS.build(dict(type='VGG16', out_indices=(1, 2, 3, 4),
                                     conv_cfg=conv_cfg))
        neck = MODELS.build(dict(type='FPN', in_channels=[128, 256, 512, 512],
                                 out_channels=32, num_outs=5, conv_cfg=conv_cfg))
        head = MODELS.build(dict(
            type='PosSOLOHead', coord_mode=coord_mode, conv_cfg=conv_cfg,
            num_classes=3, in_channels=32, feat_channels=32, stacked_convs=2,
            num_grids=[8, 6, 4, 4, 2], norm_cfg=dict(type='GN', num_groups=8)))
    for module in (backbone, neck, head):
        module.init_weights()
        module.eval()
    for conv in head.conv_mask_list:  # away from SOLO's 0.01 prior: masks that vary
        torch.nn.init.normal_(conv.weight, std=1.0)
        torch.nn.init.zeros_(conv.bias)

    def level0_masks(image):
        with torch.no_grad():
            return head(neck(backbone(image)))[0][0]
    return level0_masks


def _interior(size, stride):
    """Positions of the level-0 mask map (stride 4) away from both frames' borders."""
    keep = torch.ones(size, dtype=torch.bool)
    step = SHIFT // stride
    for row in (0, size - 1, step % size, (step - 1) % size):
        keep[row] = False
    return keep[:, None] & keep[None, :]


@pytest.mark.parametrize('coord_mode,equivariant', [('none', True), ('input', False)])
def test_shifting_the_image_shifts_the_masks(coord_mode, equivariant):
    masks_of = _network(coord_mode)
    torch.manual_seed(1)
    image = torch.randn(1, 3, 128, 128)
    masks = masks_of(image)
    shifted = masks_of(torch.roll(image, shifts=(SHIFT, SHIFT), dims=(2, 3)))
    stride = 128 // masks.shape[-1]
    expected = torch.roll(masks, shifts=(SHIFT // stride,) * 2, dims=(2, 3))
    keep = _interior(masks.shape[-1], stride)
    error = (shifted - expected)[..., keep].abs().max().item()
    spread = masks[..., keep].std().item()
    if equivariant:
        assert error < 1e-4 * max(spread, 1e-3)
    else:
        assert error > 0.5 * spread
