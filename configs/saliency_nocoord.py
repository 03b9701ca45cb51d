# The saliency baseline: zero padding, no coordinates, on the embedded data with its
# centre bias (a half-width ResNet-18-V1c from scratch, FCN head, one sigmoid output).
#   python tools/train.py configs/saliency_nocoord.py
# Naming: configs/saliency_<coordinates>_<padding>.py (padding omitted: zeros).
_base_ = './_base_/saliency_synthetic.py'
