"""Randomness as a function of (seed, step), so that a resumed run is the same run.

mmengine seeds the random generators once, at start. A run resumed from a checkpoint
starts them from that seed again, not from where the killed run left them, and
persistent dataloader workers start from their first state again: the augmentation
and any random op after a resume differ from the uninterrupted run.

Here every random draw after the start depends only on the seed and the step:

- ``SeededSampler`` wraps the training sampler and hands out each index together
  with a seed drawn from (seed, rank, data epoch, position in the epoch);
- ``SeededDataset`` wraps the training dataset and seeds ``random``, numpy and torch
  with that seed before it loads and transforms the sample, in whichever process
  (main or worker) that happens;
- ``StepSeedHook`` seeds the main process before every training iteration from
  (seed, iteration), for the model's own randomness (dropout, samplers in heads).

``make_resumable(cfg)`` puts all three into a config; the tools do it for every run.
"""
import random

import numpy as np
import torch
from mmengine.dist import get_dist_info
from mmengine.hooks import Hook
from mmengine.registry import DATA_SAMPLERS, DATASETS, HOOKS
from torch.utils.data import Sampler


def derive_seed(*entropy):
    """A 32-bit seed from non-negative integers (numpy's ``SeedSequence``)."""
    return int(np.random.SeedSequence([int(e) % 2**63 for e in entropy])
               .generate_state(1)[0])


def seed_all(seed):
    """Seed ``random``, numpy's global generator and torch's CPU generator."""
    random.seed(seed)
    np.random.seed(seed)
    torch.default_generator.manual_seed(seed)


class SampleKey(int):
    """A dataset index that carries the seed its sample is to be drawn with."""

    def __new__(cls, index, seed):
        key = super().__new__(cls, index)
        key.seed = seed
        return key

    def __reduce__(self):  # through the dataloader's index queue
        return SampleKey, (int(self), self.seed)


@DATA_SAMPLERS.register_module()
class SeededSampler(Sampler):
    """A sampler that yields the indices of ``sampler`` as :class:`SampleKey`.

    Args:
        dataset: The dataset (passed on to ``sampler``).
        sampler (dict): The wrapped sampler's config (e.g. ``DefaultSampler``).
        seed (int, optional): The run's seed (the runner passes it).
    """

    def __init__(self, dataset, sampler, seed=None):
        self.dataset = dataset
        self.sampler = DATA_SAMPLERS.build(sampler, default_args=dict(
            dataset=dataset, seed=seed))
        self.seed = getattr(self.sampler, 'seed', seed) or 0
        self.rank = get_dist_info()[0]
        self.epoch = 0

    def set_epoch(self, epoch):
        """Set the data epoch (the runner does before each epoch)."""
        self.epoch = epoch
        if hasattr(self.sampler, 'set_epoch'):
            self.sampler.set_epoch(epoch)

    def __iter__(self):
        epoch, self.epoch = self.epoch, self.epoch + 1  # also without set_epoch
        for position, index in enumerate(self.sampler):
            yield SampleKey(index, derive_seed(self.seed, self.rank, epoch,
                                               position))

    def __len__(self):
        return len(self.sampler)


@DATASETS.register_module()
class SeededDataset:
    """A dataset that draws each sample's randomness from its :class:`SampleKey`.

    Every other attribute (``metainfo``, ``get_data_info``, ...) is the wrapped
    dataset's.

    Args:
        dataset (dict | Dataset): The wrapped dataset or its config.
    """

    def __init__(self, dataset):
        self.dataset = (DATASETS.build(dataset) if isinstance(dataset, dict)
                        else dataset)

    def __getattr__(self, name):
        if name == 'dataset':  # not set yet (unpickling)
            raise AttributeError(name)
        return getattr(self.dataset, name)

    def __len__(self):
        return len(self.dataset)

    def __getitem__(self, key):
        seed = getattr(key, 'seed', None)
        if seed is not None:
            seed_all(seed)
        return self.dataset[int(key)]


@HOOKS.register_module()
class StepSeedHook(Hook):
    """Seed the main process before each training iteration from (seed, iter)."""

    priority = 'HIGHEST'

    def before_train_iter(self, runner, batch_idx, data_batch=None):
        seed_all(derive_seed(runner.seed or 0, runner.iter))


def make_resumable(cfg):
    """Make a config's training randomness a function of (seed, step), in place.

    Wraps ``train_dataloader``'s sampler and dataset and adds ``StepSeedHook``;
    a config that already has them is left as it is.

    Args:
        cfg (Config): A training config.
    """
    loader = cfg.get('train_dataloader')
    if loader and loader.get('sampler', {}).get('type') != 'SeededSampler':
        loader.sampler = dict(type='SeededSampler', sampler=loader.sampler)
        loader.dataset = dict(type='SeededDataset', dataset=loader.dataset)
    hooks = cfg.get('custom_hooks') or []
    if not any(h.get('type') == 'StepSeedHook' for h in hooks):
        cfg.custom_hooks = [*hooks, dict(type='StepSeedHook')]
