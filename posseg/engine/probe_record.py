"""What a position readout was made from, kept beside it so that it is reused only
for the same question.

A readout's folder (``<work_dir>/<gt>/``) holds ``made_from.json``: the map, the
encoder config, the trained checkpoint (by the SHA-256 of its content) and the
probe settings. ``run_probe`` reuses or resumes a folder only when it was made from
the same; otherwise it stops, so a result never speaks for another checkpoint or
other settings.
"""
import hashlib
import json
import os
import os.path as osp

from ..utils.errors import PossegError

RECORD = 'made_from.json'


class ReadoutRecordError(PossegError):
    """A readout folder holds a readout made from something else."""


def file_sha256(path):
    """The SHA-256 hex digest of a file's content."""
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def readout_record(model, settings):
    """What the readouts of one probe call are made from, as JSON values (a map's
    record adds its ``gt``).

    Args:
        model (dict): The ``PositionReadout`` config; its ``checkpoint`` is
            recorded as path and content digest.
        settings (dict): All probe settings (``DEFAULT_SETTINGS`` filled in).

    Returns:
        dict: ``encoder``, ``checkpoint`` (None or ``path``, ``sha256``) and
        ``settings``.
    """
    model = dict(model)
    path = model.pop('checkpoint', None)
    checkpoint = dict(path=path, sha256=file_sha256(path)) if path else None
    record = dict(encoder=model, checkpoint=checkpoint, settings=settings)
    return json.loads(json.dumps(record, default=str))  # tuples as lists, as read


def _differences(kept, record):
    """Short phrases for what ``kept`` was made from where ``record`` differs."""
    said = []
    old, new = kept.get('checkpoint') or {}, record['checkpoint'] or {}
    if old.get('sha256') != new.get('sha256'):
        said.append(f"checkpoint {old.get('path') or 'none'} (now "
                    f"{new.get('path') or 'none'}"
                    + (', changed since' if old.get('path') == new.get('path')
                       else '') + ')')
    if kept.get('encoder') != record['encoder']:
        said.append('another encoder config')
    settings = kept.get('settings') or {}
    said += [f'{key} {settings.get(key)} (now {value})'
             for key, value in record['settings'].items()
             if settings.get(key) != value]
    return said


def check_readout_folder(folder, record):
    """Refuse a readout folder made from something other than ``record``.

    Args:
        folder (str): ``<work_dir>/<gt>``; missing or empty is fine.
        record (dict): :func:`readout_record` of this call.

    Raises:
        ReadoutRecordError: One line naming what differs and the fix.
    """
    path = osp.join(folder, RECORD)
    fix = f'pass another --work-dir, or remove {folder} to probe again'
    if osp.isfile(path):
        with open(path) as f:
            kept = json.load(f)
        said = _differences(kept, record)
        if said:
            raise ReadoutRecordError(f'{folder} holds a readout made with '
                                     f'{", ".join(said)}; {fix}')
    elif osp.isdir(folder) and os.listdir(folder):
        raise ReadoutRecordError(f'{folder} holds a readout without {RECORD} (what '
                                 f'it was made from is unknown); {fix}')


def write_readout_record(folder, record):
    """Write ``record`` as ``<folder>/made_from.json``."""
    os.makedirs(folder, exist_ok=True)
    with open(osp.join(folder, RECORD), 'w') as f:
        json.dump(record, f, indent=1)
