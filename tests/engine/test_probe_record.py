"""probe_record: a readout folder is reused only for what it was made from."""
import pytest

from posseg.engine.probe_record import (ReadoutRecordError, check_readout_folder,
                                        readout_record, write_readout_record)

MODEL = dict(type='PositionReadout', encoder=dict(type='mmseg.ResNetV1c', depth=18))
SETTINGS = dict(size=32, epochs=2, train_inputs=('natural', ))


def test_the_same_question_passes_and_any_difference_is_named(tmp_path):
    ckpt = tmp_path / 'a.pth'
    ckpt.write_bytes(b'weights')
    record = readout_record(dict(MODEL, checkpoint=str(ckpt)), SETTINGS)
    assert record['checkpoint']['sha256'].startswith('9a12')  # sha256(b'weights')
    folder = tmp_path / 'H'
    check_readout_folder(str(folder), record)  # none yet
    write_readout_record(str(folder), record)
    (folder / 'epoch_2.pth').write_bytes(b'')
    check_readout_folder(str(folder), readout_record(
        dict(MODEL, checkpoint=str(ckpt)), dict(SETTINGS)))  # tuples as lists
    other = tmp_path / 'b.pth'
    other.write_bytes(b'other weights')
    changed = readout_record(dict(MODEL, checkpoint=str(other)),
                             dict(SETTINGS, epochs=3))
    with pytest.raises(ReadoutRecordError, match=(
            rf'H holds a readout made with checkpoint {ckpt} \(now {other}\), '
            r'epochs 2 \(now 3\); pass another --work-dir, or remove .*H to probe')):
        check_readout_folder(str(folder), changed)
    deeper = readout_record(dict(MODEL, encoder=dict(MODEL['encoder'], depth=50),
                                 checkpoint=str(ckpt)), SETTINGS)
    with pytest.raises(ReadoutRecordError, match='made with another encoder config;'):
        check_readout_folder(str(folder), deeper)


def test_a_folder_without_its_record_is_not_taken_for_this_one(tmp_path):
    (tmp_path / 'H').mkdir()
    (tmp_path / 'H' / 'result.json').write_text('{}')
    with pytest.raises(ReadoutRecordError, match='without made_from.json'):
        check_readout_folder(str(tmp_path / 'H'),
                             readout_record(MODEL, SETTINGS))
