from .class_iou_metric import ClassIoUMetric
from .metrics_dump_hook import MetricsDumpHook
from .position_metric import PositionMetric
from .saliency_metric import SaliencyMetric

__all__ = ['ClassIoUMetric', 'MetricsDumpHook', 'PositionMetric', 'SaliencyMetric']
