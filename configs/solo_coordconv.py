# The main job: SOLO with CoordConv on the embedded synthetic instances, on a CPU.
#   python tools/train.py configs/solo_coordconv.py
# mmdet's SOLOHead concatenates normalised x, y coordinate channels to the input
# of its mask branch: that is the CoordConv this config trains.
_base_ = './_base_/solo_synthetic.py'

model = dict(mask_head=dict(type='SOLOHead'))
