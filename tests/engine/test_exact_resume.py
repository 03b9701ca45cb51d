"""Training randomness as a function of (seed, step): the pieces, without a run."""
import pickle
import random

import numpy as np
import torch
from mmengine.config import Config
from torch.utils.data import DataLoader

from posseg.engine.exact_resume import (SampleKey, SeededDataset, SeededSampler,
                                        make_resumable)


class Draws:
    """A dataset whose samples are random draws (as augmentations are)."""
    metainfo = dict(classes=('a', ))

    def __len__(self):
        return 6

    def __getitem__(self, index):
        return (index, random.random(), float(np.random.rand()),
                float(torch.rand(1)))


def _epoch(sampler, dataset, epoch, num_workers=0):
    sampler.set_epoch(epoch)
    loader = DataLoader(dataset, sampler=sampler, batch_size=2,
                        num_workers=num_workers, collate_fn=lambda b: b)
    return [sample for batch in loader for sample in batch]


def test_sample_key_survives_pickling_as_the_index_queue_does():
    key = pickle.loads(pickle.dumps(SampleKey(3, 12345)))
    assert key == 3 and key.seed == 12345 and isinstance(key, int)


def test_a_samples_draws_depend_on_seed_epoch_and_position_only():
    dataset = SeededDataset(Draws())
    sampler = SeededSampler(dataset, dict(type='DefaultSampler', shuffle=True),
                            seed=7)
    first = _epoch(sampler, dataset, 0)
    np.random.seed(99)  # whatever the process's generators did meanwhile
    torch.manual_seed(99)
    assert _epoch(sampler, dataset, 0) == first
    assert _epoch(sampler, dataset, 0, num_workers=2) == first  # any process
    second = _epoch(sampler, dataset, 1)
    assert {s[1] for s in second}.isdisjoint({s[1] for s in first})
    other_seed = SeededSampler(dataset, dict(type='DefaultSampler'), seed=8)
    assert _epoch(other_seed, dataset, 0) != first


def test_epochs_count_on_without_set_epoch():
    dataset = SeededDataset(Draws())
    sampler = SeededSampler(dataset, dict(type='DefaultSampler', shuffle=False),
                            seed=0)
    loader = DataLoader(dataset, sampler=sampler, batch_size=6,
                        collate_fn=lambda b: b)
    a, b = next(iter(loader)), next(iter(loader))
    assert [s[0] for s in a] == [s[0] for s in b] and a != b


def test_wrapped_dataset_forwards_what_mmengine_reads():
    dataset = SeededDataset(Draws())
    assert len(dataset) == 6 and dataset.metainfo == dict(classes=('a', ))
    assert pickle.loads(pickle.dumps(dataset)).metainfo == dataset.metainfo
    assert dataset[2][0] == 2  # a plain index: no seeding, the inner sample


def test_make_resumable_wraps_once():
    cfg = Config(dict(train_dataloader=dict(
        sampler=dict(type='DefaultSampler', shuffle=True),
        dataset=dict(type='CocoDataset')), custom_hooks=[]))
    make_resumable(cfg)
    make_resumable(cfg)
    loader = cfg.train_dataloader
    assert loader.sampler == dict(type='SeededSampler', sampler=dict(
        type='DefaultSampler', shuffle=True))
    assert loader.dataset == dict(type='SeededDataset',
                                  dataset=dict(type='CocoDataset'))
    assert cfg.custom_hooks == [dict(type='StepSeedHook')]
