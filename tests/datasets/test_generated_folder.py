"""Generated datasets go only into folders that are new, empty or posseg's own."""
import json
import os

import pytest

from posseg.datasets.generated_folder import (MARKER, DataFolderError,
                                              ensure_generated)


def _write(folder):
    os.makedirs(os.path.join(folder, 'train'))
    with open(os.path.join(folder, 'train', 'a.txt'), 'w') as f:
        f.write('data')
    with open(os.path.join(folder, 'meta.json'), 'w') as f:
        f.write('{}')


def _tree(root):
    return sorted(os.path.relpath(os.path.join(d, n), root)
                  for d, dirs, files in os.walk(root) for n in dirs + files)


def test_new_and_empty_folders_are_written(tmp_path):
    for root in (tmp_path / 'new' / 'deeper', tmp_path / 'empty'):
        root.mkdir(parents=True, exist_ok=True)
        ensure_generated(str(root), 'toy', dict(n=1), _write)
        assert (root / 'train' / 'a.txt').read_text() == 'data'
        marker = json.loads((root / MARKER).read_text())
        assert marker['complete'] and marker['entries'] == ['meta.json', 'train']


def test_a_users_folder_is_refused_and_left_as_it_was(tmp_path):
    root = tmp_path / 'mine'
    (root / 'train').mkdir(parents=True)
    (root / 'train' / 'photo.jpg').write_text('precious')
    (root / 'notes.txt').write_text('precious')
    before = _tree(root)
    with pytest.raises(DataFolderError, match="holds files posseg did not write "
                       r"\('notes.txt' and 1 more\)"):
        ensure_generated(str(root), 'toy', dict(n=1), _write)
    assert _tree(root) == before
    assert (root / 'notes.txt').read_text() == 'precious'


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    root = tmp_path / 'data.bin'
    root.write_text('precious')
    with pytest.raises(DataFolderError, match='is a file, not a folder'):
        ensure_generated(str(root), 'toy', dict(n=1), _write)
    assert root.read_text() == 'precious'


@pytest.mark.parametrize('root', ['', '.', '..'])
def test_the_working_directory_is_refused(tmp_path, monkeypatch, root):
    work = tmp_path / 'checkout'
    work.mkdir()
    monkeypatch.chdir(work)
    with pytest.raises(DataFolderError, match='is the working directory'):
        ensure_generated(root, 'toy', dict(n=1), _write)
    assert _tree(tmp_path) == ['checkout']


def test_sibling_paths_are_not_touched(tmp_path):
    # earlier versions wrote <root>.lock and <root>.tmp beside the folder
    (tmp_path / 'ds.tmp').mkdir()
    (tmp_path / 'ds.tmp' / 'keep.txt').write_text('precious')
    (tmp_path / 'ds.lock').write_text('precious')
    ensure_generated(str(tmp_path / 'ds'), 'toy', dict(n=1), _write)
    assert (tmp_path / 'ds.tmp' / 'keep.txt').read_text() == 'precious'
    assert (tmp_path / 'ds.lock').read_text() == 'precious'


def test_rewrite_removes_only_posseg_entries(tmp_path):
    root = tmp_path / 'ds'
    ensure_generated(str(root), 'toy', dict(n=1), _write)
    stamp = (root / MARKER).stat().st_mtime_ns
    ensure_generated(str(root), 'toy', dict(n=1), _write)  # same: untouched
    assert (root / MARKER).stat().st_mtime_ns == stamp
    (root / 'my_notes.txt').write_text('precious')  # a user's file beside
    ensure_generated(str(root), 'toy', dict(n=2), _write)
    assert json.loads((root / MARKER).read_text())['meta'] == dict(n=2)
    assert (root / 'my_notes.txt').read_text() == 'precious'


def test_an_interrupted_generation_is_redone(tmp_path):
    root = tmp_path / 'ds'

    def crash(folder):
        _write(folder)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensure_generated(str(root), 'toy', dict(n=1), crash)
    assert not json.loads((root / MARKER).read_text())['complete']
    ensure_generated(str(root), 'toy', dict(n=1), _write)
    assert _tree(root) == sorted([MARKER, '.posseg.lock', 'meta.json', 'train',
                                  'train/a.txt'])
