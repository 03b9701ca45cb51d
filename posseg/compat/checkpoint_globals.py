"""Let mmengine checkpoints load under torch's ``weights_only=True`` default.

mmengine 0.10.7 calls ``torch.load`` without ``weights_only``; since torch 2.6 that
means the restricted unpickler, which refuses what mmengine stores beside the
weights: its message hub (``HistoryBuffer`` objects holding numpy arrays and, by
reference, their statistics methods) and numpy scalars (open-mmlab/mmengine#1655;
the fix proposed upstream, open-mmlab/mmengine#1650, switches the protection off).
Instead, the few globals those need are allowed by name.
Can go when mmengine allows its own globals.
"""
import numpy as np
import torch
from mmengine.logging import HistoryBuffer
from pickle import UnpicklingError

_np_core = np._core if hasattr(np, '_core') else np.core


def history_buffer_method(owner, name):
    """Stand-in for ``getattr`` in checkpoints: only HistoryBuffer's statistics.

    mmengine pickles ``HistoryBuffer._statistics_methods`` as
    ``getattr(HistoryBuffer, 'mean')`` etc.; a general ``getattr`` would let a
    checkpoint reach anything, so only those lookups are answered.

    Args:
        owner: The object the checkpoint asks an attribute of.
        name (str): The attribute name.

    Returns:
        callable: The statistics method.
    """
    allowed = {'min', 'max', 'current', 'mean', *HistoryBuffer._statistics_methods}
    if owner is not HistoryBuffer or name not in allowed:
        raise UnpicklingError(
            f'checkpoint asks for getattr({owner!r}, {name!r}); posseg only '
            "allows HistoryBuffer's statistics methods under weights_only=True")
    return getattr(HistoryBuffer, name)


def register_checkpoint_globals():
    """Allow the globals of mmengine checkpoints in ``torch.load(weights_only=True)``."""
    names = []
    for core in ('numpy.core', 'numpy._core'):  # saved under numpy 1.x or 2.x
        names += [(_np_core.multiarray._reconstruct, f'{core}.multiarray._reconstruct'),
                  (_np_core.multiarray.scalar, f'{core}.multiarray.scalar')]
    torch.serialization.add_safe_globals([
        *names, np.ndarray, np.dtype, HistoryBuffer,
        *{type(np.dtype(t)) for t in np.typecodes['All'] if t not in 'OV'},
        (history_buffer_method, 'builtins.getattr'),
    ])
