# The position readout (PosENet) of Islam et al. (ICLR 2020, Table 1) on VGG16: taps
# relu1_2 .. relu5_3 (64 + 128 + 256 + 512 + 512 = 1472 channels) resized to 28 x 28,
# one 3x3 readout conv without padding -> BatchNorm -> sigmoid; zero-padded encoder.
#   python tools/probe.py configs/probe/posenet_vgg16.py
# The paper's encoder has ImageNet weights; here it is randomly initialised unless
# given converted torchvision weights (see configs/seg/fcn_vgg16_*):
#   python tools/convert_torchvision.py vgg16 vgg16-397923af.pth \
#       data/pretrained/vgg16.pth
#   --cfg-options model.encoder.init_cfg.type=Pretrained \
#       model.encoder.init_cfg.checkpoint=data/pretrained/vgg16.pth
custom_imports = dict(imports=['posseg'], allow_failed_imports=False)
model = dict(
    type='PositionReadout',
    encoder=dict(type='mmseg.VGG16', out_indices=(0, 1, 2, 3, 4),
                 init_cfg=dict(type='Kaiming', layer='Conv2d')),
    feature_size=28, num_layers=1, kernel_size=3, padding=0)
# the readout's training (tools/probe.py options override): the paper's schedule
probe = dict(size=224, epochs=15, lr_step=10, lr=0.1, batch_size=32, length=1024)
