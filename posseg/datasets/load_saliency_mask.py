"""Load a saliency mask as labels 0 / 1, whatever its grey levels."""
import mmcv
import numpy as np
from mmengine import fileio
from mmseg.datasets.transforms import LoadAnnotations
from mmseg.registry import TRANSFORMS

THRESHOLD = 128


@TRANSFORMS.register_module()
class LoadSaliencyMask(LoadAnnotations):
    """mmseg's ``LoadAnnotations`` for saliency masks: read as grey (an RGB or
    palette mask too) and binarised, salient (1) where the value is above
    ``threshold``, else background (0).

    The default 128 is where py_sod_metrics binarises masks for scoring, so
    training and evaluation agree. Antialiased edges (values between 0 and 255)
    fall on one side; no value becomes mmseg's ignore index 255.

    Args:
        threshold (int): Grey level above which a pixel is salient.
        **kwargs: As ``LoadAnnotations`` (``imdecode_backend``, ``backend_args``).
    """

    def __init__(self, threshold=THRESHOLD, **kwargs):
        super().__init__(**kwargs)
        self.threshold = threshold

    def _load_seg_map(self, results):
        data = fileio.get(results['seg_map_path'], backend_args=self.backend_args)
        mask = mmcv.imfrombytes(data, flag='grayscale', backend=self.imdecode_backend)
        results['gt_seg_map'] = (mask > self.threshold).astype(np.uint8)
        results['seg_fields'].append('gt_seg_map')

    def __repr__(self):
        return f'{type(self).__name__}(threshold={self.threshold})'
