"""posseg: where does a CNN's knowledge of absolute position come from?

Importing posseg registers its modules in the OpenMMLab registries (configs load it
with ``custom_imports = dict(imports=['posseg'], allow_failed_imports=False)``),
lets mmengine checkpoints load under torch's ``weights_only=True`` and sets
``POSSEG_ROOT`` (unless set) to the repository root, for configs outside it.
"""
import os
import warnings

from .utils.paths import ROOT
from .utils.stack import require_mmcv_ops

# configs anywhere can inherit posseg's: _base_ = '{{$POSSEG_ROOT:}}/configs/...'
os.environ.setdefault('POSSEG_ROOT', ROOT)

# mmengine 0.10.7 imports pkg_resources (pinned setuptools<81 keeps it); its
# deprecation notice says nothing a posseg user can act on.
warnings.filterwarnings('ignore', message='pkg_resources is deprecated',
                        category=UserWarning)

require_mmcv_ops()  # before mmdet/mmseg fail on it with a bare 'mmcv._ext'

from . import datasets, engine, evaluation, layers, models  # noqa: E402,F401,E501
from .utils.safe_globals import register_checkpoint_globals  # noqa: E402

register_checkpoint_globals()

__version__ = '0.1.0'
