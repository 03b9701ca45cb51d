# The semantic-segmentation baseline: zero padding, no coordinates (mmseg's FCN as it
# is, ResNet-18-V1c from scratch) on the embedded data.
#   python tools/train.py configs/seg_nocoord.py
# Naming: configs/seg_<coordinates>_<padding>.py (padding omitted: zeros).
_base_ = './_base_/seg_synthetic.py'
