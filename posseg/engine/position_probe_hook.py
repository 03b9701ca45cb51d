"""Probe the position information of a backbone while it trains."""
import copy

import torch
from mmengine.dataset import pseudo_collate
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper
from mmengine.registry import HOOKS
from torch.utils.data import DataLoader

from ..datasets.position_map_dataset import PositionMapDataset
from ..evaluation.metrics_dump_hook import MetricsDumpHook
from ..evaluation.position_metric import score_map, summarize
from ..models.probes.position_readout import PositionReadout


@HOOKS.register_module()
class PositionProbeHook(Hook):
    """Every ``interval`` epochs (or iterations), train a position readout on a copy
    of the current backbone (frozen) and report its SPC per map.

    The readout trains on random crops of the training photographs and is tested
    on the held-out ones (``PositionMapDataset``), at a small size so that a probe
    costs little next to training. The numbers go to the log, the visualizer
    (``probe/<gt>_SPC``, ``probe/<gt>_MAE``) and ``metrics.json`` under ``probe``.
    The probe runs under its own random stream (``torch.random.fork_rng``): the
    training run draws exactly what it would without the hook.

    Args:
        interval (int): Probe every this many epochs (``by_epoch``) or iterations.
        by_epoch (bool): Count epochs or iterations.
        gts (tuple[str]): Maps to probe.
        size (int): Image side of the probe's data.
        epochs (int): Readout training epochs per probe.
        length (int): Training crops per epoch.
        batch_size (int): Readout batch size.
        lr (float): SGD learning rate of the readout.
        with_neck (bool): Read the neck's outputs instead of the backbone's.
        seed (int): The probe's own seed.
    """

    priority = 'LOW'

    def __init__(self, interval=1, by_epoch=True, gts=('H', 'V'), size=64,
                 epochs=2, length=64, batch_size=16, lr=0.1, with_neck=False,
                 seed=0):
        self.interval, self.by_epoch = interval, by_epoch
        self.gts, self.size, self.epochs = tuple(gts), size, epochs
        self.length, self.batch_size, self.lr = length, batch_size, lr
        self.with_neck, self.seed = with_neck, seed

    def after_train_epoch(self, runner):
        if self.by_epoch and self.every_n_epochs(runner, self.interval):
            self.probe(runner, runner.epoch + 1, runner.iter)

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        if not self.by_epoch and self.every_n_train_iters(runner, self.interval):
            self.probe(runner, runner.epoch, runner.iter + 1)

    def probe(self, runner, epoch, iteration):
        """Probe the runner's model after ``epoch`` epochs / ``iteration``
        iterations; return ``{'<gt>_SPC': ..., '<gt>_MAE': ...}``."""
        model = runner.model.module if is_model_wrapper(runner.model) else runner.model
        device = next(model.parameters()).device
        metrics = {}
        with torch.random.fork_rng(devices=[device] if device.type == 'cuda' else []):
            torch.manual_seed(self.seed)
            for gt in self.gts:
                result = self._probe_map(model, gt, device)
                metrics.update({f'{gt}_SPC': result['SPC'], f'{gt}_MAE': result['MAE']})
        runner.logger.info('position probe: ' + '  '.join(
            f'{k} {v:.3f}' for k, v in metrics.items()))
        runner.visualizer.add_scalars({f'probe/{k}': v for k, v in metrics.items()},
                                      step=iteration)
        for hook in runner.hooks:
            if isinstance(hook, MetricsDumpHook):
                hook.dump(runner, 'probe', metrics, epoch, iteration)
        return metrics

    def _probe_map(self, model, gt, device):
        encoder = copy.deepcopy(model.backbone)
        neck = copy.deepcopy(model.neck) if self.with_neck else None
        readout = PositionReadout(encoder=encoder, neck=neck).to(device)
        readout.train()
        train = PositionMapDataset(gt=gt, size=self.size, length=self.length)
        test = PositionMapDataset(gt=gt, size=self.size, test_mode=True)
        optimizer = torch.optim.SGD(
            [p for p in readout.parameters() if p.requires_grad], lr=self.lr,
            momentum=0.9, weight_decay=1e-4)
        for _ in range(self.epochs):
            for batch in DataLoader(train, self.batch_size, shuffle=True,
                                    collate_fn=pseudo_collate):
                data = readout.data_preprocessor(batch, training=True)
                loss = readout(data['inputs'], data['data_samples'], mode='loss')
                optimizer.zero_grad()
                loss['loss_mse'].backward()
                optimizer.step()
        readout.eval()
        scores = []
        with torch.no_grad():
            for batch in DataLoader(test, self.batch_size, collate_fn=pseudo_collate):
                data = readout.data_preprocessor(batch)
                maps = readout(data['inputs'], mode='tensor').cpu()
                scores += [score_map(m[0].numpy(), s.gt_map[0].numpy())
                           for m, s in zip(maps, data['data_samples'])]
        return summarize(scores)
