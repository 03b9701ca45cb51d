"""posseg: where does a CNN's knowledge of absolute position come from?

Importing posseg registers its modules in the OpenMMLab registries (configs load it
with ``custom_imports = dict(imports=['posseg'], allow_failed_imports=False)``),
installs what it changes in its pinned stack (``posseg.compat``: mmcv's circular
ConvModule, mmengine checkpoints under torch's ``weights_only=True``, ...) and sets
``POSSEG_ROOT`` (unless set) to the repository root, for configs outside it.
"""
import os

from .compat import install
from .utils.paths import ROOT

install()
# configs anywhere can inherit posseg's: _base_ = '{{$POSSEG_ROOT:}}/configs/...'
os.environ.setdefault('POSSEG_ROOT', ROOT)

from . import datasets, engine, evaluation, layers, models  # noqa: E402,F401

__version__ = '0.1.0'
