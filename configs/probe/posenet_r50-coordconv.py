# posenet_r50 with CoordConv at the input: the encoder's first conv also sees x, y in
# [-1, 1] (AlignedResNetV1c(coord_input=True)); zero padding as in posenet_r50.
_base_ = './posenet_r50.py'
model = dict(encoder=dict(type='mmseg.AlignedResNetV1c', coord_input=True))
