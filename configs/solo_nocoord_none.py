# configs/solo_nocoord.py without padding in backbone and FPN: the no-padding config
# (solo_coordconv_none.py, MarginSOLO) with the mask branch's coordinates dropped.
# Naming: configs/solo_<coordinates>_<padding>.py
_base_ = './solo_coordconv_none.py'

model = dict(mask_head=dict(type='PosSOLOHead', coord_mode='none'))
