# PosENet on ResNet-50-V1c (Islam et al. use ResNet-152; mmseg's ResNet-V1c family):
# the four stages (256 + 512 + 1024 + 2048 channels) resized to 28 x 28, one 3x3
# readout without padding. Randomly initialised here (no ImageNet weights offline);
# mmseg's open-mmlab://resnet50_v1c when placed in torch's hub cache (data/README.md):
#   --cfg-options model.encoder.init_cfg.type=Pretrained \
#       model.encoder.init_cfg.checkpoint=open-mmlab://resnet50_v1c
_base_ = './posenet_vgg16.py'
model = dict(encoder=dict(_delete_=True, type='mmseg.ResNetV1c', depth=50,
                          out_indices=(0, 1, 2, 3)))
