from .class_iou_metric import ClassIoUMetric
from .metrics_dump_hook import MetricsDumpHook

__all__ = ['ClassIoUMetric', 'MetricsDumpHook']
