from .exact_resume import (SeededDataset, SeededSampler, StepSeedHook,
                           make_resumable)
from .position_probe import ProbeProgressHook, probe_model_cfg, run_probe
from .position_probe_hook import PositionProbeHook
from .seg_label_check_hook import LabelValueError, SegLabelCheckHook

__all__ = ['LabelValueError', 'PositionProbeHook', 'ProbeProgressHook',
           'SeededDataset', 'SeededSampler', 'SegLabelCheckHook', 'StepSeedHook',
           'make_resumable', 'probe_model_cfg', 'run_probe']
