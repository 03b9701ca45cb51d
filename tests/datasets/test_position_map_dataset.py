"""PositionMapDataset: photographs, black, white and noise with one position map."""
import numpy as np
import pytest
import torch
from PIL import Image

from posseg.datasets import PositionMapDataset, position_map
from posseg.datasets.position_map_dataset import TEST_IMAGES, TRAIN_IMAGES
from posseg.utils.errors import PossegError


def test_default_photographs_are_split_by_image():
    assert not set(TRAIN_IMAGES) & set(TEST_IMAGES)
    test = PositionMapDataset(gt='V', inputs=('natural', 'black', 'white', 'noise'),
                              size=32, test_mode=True)
    types = [test[i]['data_samples'].input_type for i in range(len(test))]
    assert types == (['natural'] * 5 * len(TEST_IMAGES) + ['black'] * 5
                     + ['white'] * 5 + ['noise'] * 5)
    item = test[0]
    assert item['inputs'].shape == (3, 32, 32) and item['inputs'].dtype == torch.uint8
    np.testing.assert_array_equal(item['data_samples'].gt_map[0],
                                  position_map('V', 32, 32))
    assert test[len(test) - 15]['inputs'].eq(0).all()      # black
    assert test[len(test) - 10]['inputs'].eq(255).all()    # white
    noise = test[len(test) - 1]['inputs']
    assert noise.float().std() > 60                        # uniform noise: std 74
    again = PositionMapDataset(gt='V', inputs=('natural', 'noise'), size=32,
                               test_mode=True)
    assert torch.equal(again[len(again) - 1]['inputs'], noise)  # fixed test views
    assert torch.equal(again[0]['inputs'], item['inputs'])


def test_training_draws_follow_torchs_seed():
    def draws(seed):
        torch.manual_seed(seed)
        ds = PositionMapDataset(gt='H', inputs=('natural', 'noise'), size=24,
                                length=3)
        return [ds[i]['inputs'] for i in range(len(ds))]
    one, same, other = draws(0), draws(0), draws(1)
    assert len(one) == 6
    assert all(torch.equal(a, b) for a, b in zip(one, same))
    assert not all(torch.equal(a, b) for a, b in zip(one, other))
    assert not torch.equal(one[0], one[1])  # each draw a new crop


def test_any_folder_of_images(tmp_path):
    rng = np.random.default_rng(0)
    for name in ('a.jpg', 'b.png'):
        Image.fromarray(rng.integers(0, 255, (40, 60, 3), dtype=np.uint8)).save(
            tmp_path / name)
    (tmp_path / 'notes.txt').write_text('not an image')
    ds = PositionMapDataset(gt='HS', image_dir=str(tmp_path), size=16,
                            test_mode=True)
    assert len(ds) == 2 * 5
    (tmp_path / 'empty').mkdir()
    with pytest.raises(FileNotFoundError, match='no images .* in .*empty; point'):
        PositionMapDataset(image_dir=str(tmp_path / 'empty'), test_mode=True)
    with pytest.raises(FileNotFoundError, match='image folder .*nope not found'):
        PositionMapDataset(image_dir=str(tmp_path / 'nope'), test_mode=True)
    (tmp_path / 'c.png').write_text('a damaged image')
    with pytest.raises(PossegError, match='c.png is damaged or not an image OpenCV '
                       'can read; replace it, or move it out of the folder'):
        PositionMapDataset(image_dir=str(tmp_path), test_mode=True)


def test_unknown_input_type_lists_the_valid_ones():
    with pytest.raises(ValueError, match="unknown input type 'grey'; valid: "
                       'natural, black, white, noise'):
        PositionMapDataset(inputs=('grey', ))
