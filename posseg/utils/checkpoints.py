"""Checkpoints the tools load: read safely, check that they fit, pick one to resume.

Every failure is a :class:`CheckpointError` of one line that names the file, what is
wrong with it and what to do.
"""
import glob
import os.path as osp
import pickle
import re
import warnings
import zipfile

import torch

from .errors import PossegError


class CheckpointError(PossegError):
    """A checkpoint that cannot be used as asked."""


def read_checkpoint(path):
    """Load a checkpoint on the CPU under torch's ``weights_only=True``.

    Args:
        path (str): The checkpoint file.

    Returns:
        dict: The checkpoint (tensors memory-mapped where torch can).
    """
    if not osp.isfile(path):
        raise CheckpointError(f'checkpoint {path!r} not found; pass the path of a '
                              '.pth file (tools/train.py writes them into the work '
                              'dir)')
    if osp.getsize(path) == 0:
        raise CheckpointError(f'checkpoint {path} is empty (0 bytes), e.g. from a '
                              'run killed while saving; use an earlier checkpoint')
    try:
        # torch warns while it reads (e.g. of an unknown pickle protocol in a damaged
        # file); a file that fails gets one line, so its warnings are dropped
        with warnings.catch_warnings(record=True) as caught:
            checkpoint = _load(path)
    except pickle.UnpicklingError as err:
        blocked = re.search(r'GLOBAL (\S+)', str(err))
        if blocked:
            raise CheckpointError(
                f'checkpoint {path} holds a Python object that loading under '
                f'weights_only=True refuses ({blocked.group(1)}); if you trust the '
                'file, allow that class with torch.serialization.add_safe_globals '
                'in a module your config imports (custom_imports)') from None
        raise _damaged(path, err) from None
    except (EOFError, OSError, RuntimeError, ValueError, IndexError, KeyError,
            zipfile.BadZipFile) as err:  # unpickling garbage raises any of them
        raise _damaged(path, err) from None
    for warning in caught:  # a checkpoint that loads shows them as usual
        warnings.warn_explicit(warning.message, warning.category, warning.filename,
                               warning.lineno)
    return checkpoint


def _load(path):
    try:
        return torch.load(path, map_location='cpu', weights_only=True, mmap=True)
    except RuntimeError as err:
        if 'mmap' not in str(err):  # a file of torch's legacy format
            raise
        return torch.load(path, map_location='cpu', weights_only=True)


def _damaged(path, err):
    with open(path, 'rb') as f:
        zip_start = f.read(2) == b'PK'
    if zip_start and not zipfile.is_zipfile(path):
        reason = 'truncated: its zip archive has no end'
    else:
        found = re.search(r'WeightsUnpickler error:\s*(.+)', str(err))
        lines = str(err).strip().splitlines() or [type(err).__name__]
        reason = f'unreadable: {found.group(1) if found else lines[0]}'
    return CheckpointError(
        f'checkpoint {path} is damaged or not a PyTorch checkpoint ({reason[:120]}); '
        'use another checkpoint, or retrain')


def state_dict_of(checkpoint):
    """The model weights of a checkpoint, keys as the model names them.

    mmengine stores them under ``state_dict``; a bare state dict is taken as is, and
    the ``module.`` prefix of (Distributed)DataParallel is removed, as mmengine does.

    Returns:
        dict[str, Tensor]
    """
    weights = checkpoint.get('state_dict', checkpoint)
    return {re.sub(r'^module\.', '', k): v for k, v in weights.items()
            if isinstance(v, torch.Tensor)}


def fit_report(model, weights):
    """Compare a model's parameters and buffers with checkpoint weights.

    Args:
        model (nn.Module): The model (may live on the meta device).
        weights (dict[str, Tensor]): From :func:`state_dict_of`.

    Returns:
        str | None: One line on what is missing / unexpected / of another shape, or
        None when the weights fit exactly.
    """
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    found = {k: tuple(v.shape) for k, v in weights.items()}
    missing = [k for k in expected if k not in found]
    unexpected = [k for k in found if k not in expected]
    reshaped = [k for k in expected if k in found and expected[k] != found[k]]
    if not (missing or unexpected or reshaped):
        return None

    def some(keys, show=lambda k: k):
        more = f' and {len(keys) - 2} more' if len(keys) > 2 else ''
        return f" ({', '.join(show(k) for k in keys[:2])}{more})" if keys else ''
    return (f'{len(missing)} weights missing{some(missing)}, {len(unexpected)} '
            f'unexpected{some(unexpected)}, {len(reshaped)} of another shape'
            + some(reshaped, lambda k: f'{k}: {list(found[k])} in the checkpoint, '
                   f'{list(expected[k])} in the model'))


def resumable_checkpoint(work_dir, log=print):
    """The checkpoint ``--resume`` continues from.

    The one ``last_checkpoint`` names, else the newest ``.pth``; a damaged one (a kill
    while saving) is passed over for the next newest, with one line saying so.

    Args:
        work_dir (str): The run's work dir.
        log (callable): Takes the line about a damaged checkpoint.

    Returns:
        str | None: None when the work dir has no checkpoint (train from scratch).
    """
    named = None
    pointer = osp.join(work_dir, 'last_checkpoint')
    if osp.isfile(pointer):
        with open(pointer) as f:
            named = f.read().strip() or None
    saved = sorted(glob.glob(osp.join(work_dir, '*.pth')), key=osp.getmtime,
                   reverse=True)
    if named in saved:
        saved.remove(named)
    candidates = ([named] if named and osp.isfile(named) else []) + saved
    for i, path in enumerate(candidates):
        try:
            read_checkpoint(path)
        except CheckpointError as err:
            if i + 1 == len(candidates):
                raise CheckpointError(f'no checkpoint in {work_dir} can be resumed '
                                      f'from (the oldest: {err})') from None
            log(f'{err}; resuming from {candidates[i + 1]} instead')
            continue
        return path
    return None

