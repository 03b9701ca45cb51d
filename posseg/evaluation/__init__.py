from .metrics_dump_hook import MetricsDumpHook

__all__ = ['MetricsDumpHook']
