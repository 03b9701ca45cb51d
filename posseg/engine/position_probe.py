"""Run the position probe: one readout per ground-truth map, trained and tested with
mmengine's Runner, on any encoder config or trained model.

``probe_model_cfg`` makes the ``PositionReadout`` config: a probe config
(``configs/probe/``) as it is, or the backbone (and neck) of any mmdet/mmseg model
config, with the weights of its trained checkpoint. ``run_probe`` trains and tests
each map in ``<work_dir>/<gt>/`` and returns ``{gt: {input: {"spc", "mae"}}}``;
a map already done (its ``result.json``) is not run again, and an interrupted one
resumes from its last checkpoint, when made from the same (``probe_record``).
"""
import json
import os.path as osp

from mmengine.config import Config
from mmengine.hooks import Hook
from mmengine.registry import HOOKS
from mmengine.runner import Runner

from .probe_record import (check_readout_folder, readout_record,
                           write_readout_record)

# the paper's readout training: SGD lr 0.1 (x0.1 at epoch 10), 15 epochs, batch 32,
# momentum 0.9, weight decay 1e-4; ``length`` training draws per epoch
DEFAULT_SETTINGS = dict(size=224, epochs=15, lr_step=10, lr=0.1, batch_size=32,
                        length=1024, train_inputs=('natural', ), num_workers=2,
                        seed=0, image_dir=None, test_image_dir=None)


@HOOKS.register_module()
class ProbeProgressHook(Hook):
    """One line per training epoch of a readout: epoch, mean loss, time so far."""

    priority = 'LOW'

    def __init__(self, name=''):
        self.name = name

    def before_train_epoch(self, runner):
        self._losses = []

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self._losses.append(float(outputs['loss'].detach()))

    def after_train_epoch(self, runner):
        loss = sum(self._losses) / max(len(self._losses), 1)
        print(f'  {self.name}: epoch {runner.epoch + 1}/{runner.max_epochs}, '
              f'MSE {loss:.4f}', flush=True)


def probe_model_cfg(cfg, checkpoint=None, with_neck=False):
    """The ``PositionReadout`` config for a config (and its checkpoint).

    Args:
        cfg (Config): A probe config (``model.type='PositionReadout'``) or any
            mmdet/mmseg model config.
        checkpoint (str, optional): The trained model's checkpoint.
        with_neck (bool): Read the neck's outputs instead of the backbone's.

    Returns:
        dict: The model config.
    """
    model = cfg.model.to_dict() if hasattr(cfg.model, 'to_dict') else dict(cfg.model)
    if model.get('type') == 'PositionReadout':
        if checkpoint:
            model['checkpoint'] = checkpoint
        return model
    scope = cfg.get('default_scope') or 'mmdet'

    def scoped(part):
        part = dict(part)
        if '.' not in str(part['type']):
            part['type'] = f"{scope}.{part['type']}"
        part.pop('init_cfg', None)  # weights come from the checkpoint
        return part
    readout = dict(cfg.get('probe_readout', {}))
    readout.update(type='PositionReadout', encoder=scoped(model['backbone']),
                   checkpoint=checkpoint)
    if with_neck:
        readout['neck'] = scoped(model['neck'])
    return readout


def runner_cfg(model, gt, inputs, work_dir, settings):
    """The mmengine config that trains and tests one readout."""
    s = dict(DEFAULT_SETTINGS, **settings)
    loader = dict(batch_size=s['batch_size'], num_workers=s['num_workers'],
                  persistent_workers=s['num_workers'] > 0,
                  collate_fn=dict(type='pseudo_collate'))
    return Config(dict(
        model=model, work_dir=work_dir, default_scope='mmengine',
        train_dataloader=dict(loader, sampler=dict(type='DefaultSampler', shuffle=True),
                              dataset=dict(type='PositionMapDataset', gt=gt,
                                           inputs=s['train_inputs'], size=s['size'],
                                           length=s['length'],
                                           image_dir=s['image_dir'])),
        test_dataloader=dict(loader, sampler=dict(type='DefaultSampler', shuffle=False),
                             dataset=dict(type='PositionMapDataset', gt=gt,
                                          inputs=inputs, size=s['size'],
                                          test_mode=True,
                                          image_dir=s['test_image_dir'])),
        train_cfg=dict(by_epoch=True, max_epochs=s['epochs'], val_interval=10 ** 6),
        test_cfg=dict(), test_evaluator=dict(type='PositionMetric', prefix='probe'),
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=s['lr'], momentum=0.9,
                                          weight_decay=1e-4)),
        param_scheduler=[dict(type='MultiStepLR', by_epoch=True,
                              milestones=[s['lr_step']], gamma=0.1)],
        default_hooks=dict(
            timer=dict(type='IterTimerHook'),
            logger=dict(type='LoggerHook', interval=10),
            param_scheduler=dict(type='ParamSchedulerHook'),
            checkpoint=dict(type='CheckpointHook', interval=1, max_keep_ckpts=1)),
        custom_hooks=[dict(type='ProbeProgressHook', name=gt)],
        log_processor=dict(by_epoch=True, window_size=10),
        randomness=dict(seed=s['seed']),
        env_cfg=dict(dist_cfg=dict(backend='gloo')),
        log_level='WARNING'))


def run_probe(model, work_dir, gts, inputs, settings=None, log=print):
    """Train and test one readout per ground-truth map.

    A map's folder is reused (its readout tested again on inputs it lacks) or
    resumed only when it was made from the same encoder, checkpoint and settings
    (``probe_record``); otherwise nothing runs and one line says what differs.

    Args:
        model (dict): ``PositionReadout`` config (:func:`probe_model_cfg`).
        work_dir (str): Output folder.
        gts (list[str]): Maps, from ``position_maps.KINDS``.
        inputs (list[str]): Test input types.
        settings (dict, optional): Overrides of ``DEFAULT_SETTINGS``.
        log (callable): Progress lines.

    Returns:
        tuple: ``{gt: {input: {"spc", "mae", "num_constant"}}}`` and
        ``{gt: (trained readout, its test dataset)}`` for drawing.
    """
    settings = dict(DEFAULT_SETTINGS, **(settings or {}))
    made_from = readout_record(model, settings)  # the checkpoint read once
    records = {gt: dict(made_from, gt=gt) for gt in gts}
    for gt in gts:  # every folder checked before anything runs
        check_readout_folder(osp.join(work_dir, gt), records[gt])
    results, readouts = {}, {}
    for i, gt in enumerate(gts, 1):
        gt_dir = osp.join(work_dir, gt)
        write_readout_record(gt_dir, records[gt])
        done = osp.join(gt_dir, 'result.json')
        cfg = runner_cfg(model, gt, inputs, gt_dir, settings)
        last = osp.join(gt_dir, 'last_checkpoint')
        cfg.resume = osp.isfile(last)  # an interrupted readout goes on
        runner = Runner.from_cfg(cfg)
        kept = {}
        if osp.isfile(done):
            with open(done) as f:
                kept = json.load(f)
            with open(last) as f:
                runner.load_checkpoint(f.read().strip())
        missing = [t for t in inputs if t not in kept]
        if not missing:
            log(f'[{i}/{len(gts)}] {gt}: done before ({done})')
        else:
            if kept:
                log(f'[{i}/{len(gts)}] {gt}: trained before; testing it on '
                    f'{", ".join(missing)}')
            else:
                log(f'[{i}/{len(gts)}] {gt}: training the readout '
                    f'({cfg.train_cfg.max_epochs} epochs)')
                runner.train()
            metrics = runner.test()
            kept.update({t: dict(spc=metrics[f'probe/{t}/SPC'],
                                 mae=metrics[f'probe/{t}/MAE'],
                                 num_constant=metrics[f'probe/{t}/num_constant'])
                         for t in missing})
            with open(done, 'w') as f:
                json.dump(kept, f, indent=1)
            log(f'[{i}/{len(gts)}] {gt}: ' + '  '.join(
                f"{t} SPC {kept[t]['spc']:.3f} MAE {kept[t]['mae']:.3f}"
                for t in inputs))
        results[gt] = {t: kept[t] for t in inputs}
        readouts[gt] = (runner.model, runner.test_dataloader.dataset)
    return results, readouts


def draw_readouts(readouts, inputs, path):
    """A PNG: per map (row), the ground truth and, per input type, the first test
    input and the readout's prediction on it.

    Args:
        readouts (dict): ``run_probe``'s second result.
        inputs (list[str]): Input types to show.
        path (str): The PNG to write.
    """
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    import torch
    rows, cols = len(readouts), 1 + 2 * len(inputs)
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.7 * rows),
                             squeeze=False)
    for r, (gt, (model, dataset)) in enumerate(readouts.items()):
        model.eval()
        first = {}
        for idx in range(len(dataset)):
            info = dataset.get_data_info(idx)
            first.setdefault(info['input_type'], idx)
        axes[r, 0].imshow(dataset.gt_map[0], cmap='gray', vmin=0, vmax=1)
        axes[r, 0].set_ylabel(gt)
        for c, input_type in enumerate(inputs):
            item = dataset[first[input_type]]
            data = model.data_preprocessor(dict(inputs=[item['inputs']]))
            with torch.no_grad():
                pred = model.predict_maps(data['inputs'])[0, 0].cpu()
            axes[r, 1 + 2 * c].imshow(item['inputs'].permute(1, 2, 0))
            axes[r, 2 + 2 * c].imshow(pred, cmap='gray', vmin=0, vmax=1)
            if r == 0:
                axes[r, 1 + 2 * c].set_title(input_type, fontsize=8)
                axes[r, 2 + 2 * c].set_title('prediction', fontsize=8)
        if r == 0:
            axes[r, 0].set_title('ground truth', fontsize=8)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
