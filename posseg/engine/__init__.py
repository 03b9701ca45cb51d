from .exact_resume import (SeededDataset, SeededSampler, StepSeedHook,
                           make_resumable)

__all__ = ['SeededDataset', 'SeededSampler', 'StepSeedHook', 'make_resumable']
