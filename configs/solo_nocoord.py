# SOLO without coordinates: the quick-start config with the mask branch's
# coordinate channels dropped (PosSOLOHead coord_mode='none'), nothing else changed.
#   python tools/train.py configs/solo_nocoord.py
_base_ = './solo_coordconv.py'

model = dict(mask_head=dict(type='PosSOLOHead', coord_mode='none'))
