"""mmseg's IoUMetric that also reports each class's IoU and the mean of class groups."""
import numpy as np
from mmseg.evaluation import IoUMetric
from mmseg.registry import METRICS


@METRICS.register_module()
class ClassIoUMetric(IoUMetric):
    """``IoUMetric`` whose result also holds ``IoU.<class>`` for every class and
    ``mIoU.<group>`` for named groups of classes (in %, rounded as mmseg's).

    mmseg prints per-class IoU in a table but returns only the means; a study needs
    them as metrics (e.g. position-decided vs appearance-decided classes).

    Args:
        class_groups (dict, optional): group name -> class names, e.g.
            ``dict(position=('disc_top', 'disc_bottom'))``.
        **kwargs: As ``IoUMetric`` (``iou_metrics`` must include ``mIoU``).
    """

    def __init__(self, class_groups=None, **kwargs):
        super().__init__(**kwargs)
        if 'mIoU' not in self.metrics:
            raise ValueError(f'{type(self).__name__}: iou_metrics must include '
                             f"'mIoU' (got {self.metrics})")
        self.class_groups = dict(class_groups or {})

    def compute_metrics(self, results):
        metrics = super().compute_metrics(results)
        if self.format_only:
            return metrics
        intersect, union = (sum(r[i] for r in results) for i in (0, 1))
        iou = (intersect / union).numpy()
        classes = list(self.dataset_meta['classes'])
        for name, value in zip(classes, iou):
            metrics[f'IoU.{name}'] = np.round(value * 100, 2)
        for group, names in self.class_groups.items():
            unknown = [n for n in names if n not in classes]
            if unknown:
                raise ValueError(f'{type(self).__name__}: class_groups[{group!r}] '
                                 f'names {unknown[0]!r}, not a class of the dataset '
                                 f'({", ".join(classes)})')
            values = [iou[classes.index(n)] for n in names]
            metrics[f'mIoU.{group}'] = np.round(np.nanmean(values) * 100, 2)
        return metrics
