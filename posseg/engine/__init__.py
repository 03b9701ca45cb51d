from .exact_resume import (SeededDataset, SeededSampler, StepSeedHook,
                           make_resumable)
from .seg_label_check_hook import LabelValueError, SegLabelCheckHook

__all__ = ['LabelValueError', 'SeededDataset', 'SeededSampler',
           'SegLabelCheckHook', 'StepSeedHook', 'make_resumable']
