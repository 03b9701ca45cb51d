"""Stop on a label map with a value that is no class, naming the file and the value."""
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS

from ..utils.errors import PossegError


class LabelValueError(PossegError, ValueError):
    """A ground-truth label map holds a value that is neither a class nor ignored."""


@HOOKS.register_module()
class SegLabelCheckHook(Hook):
    """Check every ground-truth label map a segmentor trains, validates or tests on.

    mmseg's cross-entropy fails on a label outside ``0 .. num_classes - 1`` with an
    index error that names no file, and its ``IoUMetric`` silently drops such
    pixels. Here each batch's ``gt_sem_seg`` is checked against the model's
    ``decode_head.num_classes`` and ``ignore_index`` first, and a bad value stops
    the run with the file (``seg_map_path``) and the value. Models without a
    decode head and batches without label maps pass unchecked. The tools add this
    hook to every config.
    """

    priority = 'VERY_HIGH'

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        self._check(runner, data_batch)

    def before_val_iter(self, runner, batch_idx, data_batch=None):
        self._check(runner, data_batch)

    def before_test_iter(self, runner, batch_idx, data_batch=None):
        self._check(runner, data_batch)

    @staticmethod
    def _check(runner, data_batch):
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        head = getattr(model, 'decode_head', None)
        if head is None or not isinstance(data_batch, dict):
            return
        for sample in data_batch.get('data_samples') or []:
            if 'gt_sem_seg' not in sample:
                continue
            labels = sample.gt_sem_seg.data
            bad = labels[(labels < 0) | ((labels >= head.num_classes)
                                         & (labels != head.ignore_index))]
            if bad.numel() == 0:
                continue
            value = int(bad[0])
            shift = (' (after the dataset\'s reduce_zero_label: the file says '
                     f'{value + 1})' if sample.metainfo.get('reduce_zero_label')
                     else '')
            raise LabelValueError(
                f'label value {value}{shift} in '
                f'{sample.metainfo.get("seg_map_path", "a label map")} is not a class '
                f'(0..{head.num_classes - 1}) nor the ignore index '
                f'{head.ignore_index}; fix the annotation, or set the config\'s '
                'num_classes / ignore_index (and the dataset\'s classes) to match')
