"""Shared fixtures: run the real tools in subprocesses on tiny embedded data."""
import os
import os.path as osp
import re
import socket
import subprocess
import sys

import pytest

from posseg.utils.paths import ROOT  # posseg as `make setup` installs it

os.chdir(ROOT)  # configs name their data relative to the repository root

TINY_CONFIG = """
_base_ = {base!r}
data_root = {data_root!r}
synthesis = dict(num_train=16, num_val=8)
train_dataloader = dict(
    batch_size=4, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, synthesis=synthesis))
val_dataloader = dict(
    batch_size=4, num_workers=0, persistent_workers=False,
    dataset=dict(data_root=data_root, synthesis=synthesis))
test_dataloader = val_dataloader
val_evaluator = dict(ann_file=data_root + 'annotations/instances_val.json')
test_evaluator = val_evaluator
train_cfg = dict(max_epochs={epochs}, val_interval={epochs})
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
default_hooks = dict(logger=dict(interval=1))
model = dict(test_cfg=dict(score_thr=0.0))  # a barely trained model still predicts
"""

# an mmseg quick-start config (seg_*, saliency_*) on 8 + 4 generated images, one epoch
TINY_MMSEG_CONFIG = """
_base_ = {base!r}
synthesis = dict(num_train=8, num_val=4)
train_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False,
                        dataset=dict(data_root={root!r}, synthesis=synthesis))
val_dataloader = dict(batch_size=4, num_workers=0, persistent_workers=False,
                      dataset=dict(data_root={root!r}, synthesis=synthesis))
test_dataloader = val_dataloader
train_cfg = dict(max_epochs=1, val_interval=1)
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
default_hooks = dict(logger=dict(interval=1))
"""


def synthetic_batch(config, root, scope):
    """The first two training images of a quick-start config's generated data
    (written to ``root``), collated as a dataloader would."""
    from mmengine.config import Config
    from mmengine.dataset import pseudo_collate
    from mmengine.registry import DATASETS, DefaultScope
    cfg = Config.fromfile(f'{ROOT}/{config}')
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.update(data_root=str(root) + '/', synthesis=dict(num_train=2, num_val=1))
    with DefaultScope.overwrite_default_scope(scope):
        dataset = DATASETS.build(ds_cfg)
        return pseudo_collate([dataset[0], dataset[1]])


def train_one_step(cfg, batch, scope):
    """Build a config's model, initialise it and take one backward pass on ``batch``.

    Args:
        cfg (Config): The config; its ``model`` is built.
        batch (dict): A collated batch (``synthetic_batch``).
        scope (str): ``'mmdet'`` or ``'mmseg'``.

    Returns:
        nn.Module: The model, its total loss checked finite.
    """
    import importlib

    import torch
    from mmengine.registry import DefaultScope
    with DefaultScope.overwrite_default_scope(scope):
        model = importlib.import_module(f'{scope}.registry').MODELS.build(cfg.model)
    model.init_weights()
    data = model.data_preprocessor(batch, training=True)
    losses = model.loss(data['inputs'], data['data_samples'])
    total = sum(v for k, v in losses.items() if 'loss' in k)
    total.backward()
    assert torch.isfinite(total)
    return model


def run_tool(*args, cwd=ROOT, env=None, timeout=600, check=False):
    """Run ``python <args>`` (or a shell script) from the repo root.

    Returns:
        CompletedProcess
    """
    cmd = list(args) if str(args[0]).endswith('.sh') else [sys.executable, *args]
    proc = subprocess.run([str(a) for a in cmd], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    if check and proc.returncode != 0:
        raise AssertionError(f'{cmd} failed ({proc.returncode}):\n'
                             f'{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}')
    return proc


def doc_blocks(name):
    """The code blocks of docs/<name>, keyed by the ``<!-- key -->`` line above each."""
    text = open(osp.join(ROOT, 'docs', name)).read()
    return dict(re.findall(r'<!-- (.+?) -->\n```\w*\n(.*?)```', text, re.S))


def build_seg_head(padding_mode=None, act_cfg=dict(type='ReLU'), **cfg):
    """An mmseg decode head (seed 0, eval mode) whose convs use ``padding_mode``.

    Args:
        padding_mode (str, optional): A ``PadConv2d`` mode; default mmcv's zero padding.
        act_cfg (dict, optional): ``None`` for a linear head.
        **cfg: The head's config: ``type``, channels, ...

    Returns:
        nn.Module
    """
    import torch
    from mmengine.registry import DefaultScope
    from mmseg.registry import MODELS

    import posseg  # noqa: F401  (registers the aligned heads and PadConv2d)
    conv_cfg = None if padding_mode is None else dict(
        type='PadConv2d', padding_mode=padding_mode)
    torch.manual_seed(0)
    with DefaultScope.overwrite_default_scope('mmseg'):
        head = MODELS.build(dict(cfg, conv_cfg=conv_cfg, act_cfg=act_cfg,
                                 norm_cfg=dict(type='BN')))
    return head.eval()


def module_input(model, module, *args):
    """The input ``module`` (a submodule of ``model``) gets when ``model(*args)`` runs.

    Returns:
        Tensor
    """
    seen = []
    handle = module.register_forward_hook(lambda m, inputs, out: seen.append(inputs[0]))
    model(*args)
    handle.remove()
    return seen[0]


def changed_center(before, after):
    """Mean (row, column) of the pixels where two (N, C, H, W) maps differ.

    Returns:
        tuple[float, float]
    """
    changed = (after - before).abs().sum(dim=(0, 1)).nonzero().float()
    return tuple(changed.mean(dim=0).tolist())


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@pytest.fixture(scope='session')
def tiny_config(tmp_path_factory):
    """Write a tiny variant of a config (16 train / 8 val images, few epochs).

    Returns:
        callable: ``make(epochs=1, base='configs/solo_coordconv.py') -> path``.
    """
    folder = tmp_path_factory.mktemp('tiny')
    # one dataset for the whole session: generating it is the slow part
    data_root = osp.join(str(tmp_path_factory.getbasetemp()), 'synthetic_tiny') + '/'

    def make(epochs=1, base='configs/solo_coordconv.py', name=None):
        path = folder / (name or f'tiny_{epochs}ep.py')
        path.write_text(TINY_CONFIG.format(base=osp.join(ROOT, base),
                                           data_root=data_root, epochs=epochs))
        return str(path)
    return make


@pytest.fixture(scope='session')
def trained_run(tiny_config, tmp_path_factory):
    """One tiny 2-epoch training shared by the tests that need a checkpoint.

    Returns:
        tuple: ``(config path, work dir)``.
    """
    cfg = tiny_config(epochs=2, name='trained.py')
    work_dir = tmp_path_factory.mktemp('trained')
    run_tool('tools/train.py', cfg, '--work-dir', work_dir, check=True)
    return cfg, work_dir
