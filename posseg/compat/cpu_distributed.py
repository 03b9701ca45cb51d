"""Distributed training on a machine without GPUs: gloo, and DDP without devices.

mmengine 0.10.7's ``pytorch`` launcher always calls ``torch.cuda.set_device`` and
wraps the model with ``device_ids=[LOCAL_RANK]``; both fail without a GPU.
Can go when mmengine's launcher falls back to gloo on the CPU.
"""

import torch


def setup_launcher(cfg, launcher):
    """Set ``cfg.launcher``; on a machine without GPUs run distributed on gloo.

    The process group is opened on gloo first (mmengine then skips its own init)
    and DDP is built with ``device_ids=None``, so ``tools/dist_train.sh CONFIG 2``
    runs two CPU processes.

    Args:
        cfg (Config): The loaded config.
        launcher (str): ``none``, ``pytorch``, ``slurm`` or ``mpi``.
    """
    cfg.launcher = launcher
    if launcher != 'pytorch' or torch.cuda.is_available():
        return
    if not torch.distributed.is_initialized():
        torch.distributed.init_process_group(backend='gloo')
    wrapper = dict(type='MMDistributedDataParallel', broadcast_buffers=False,
                   find_unused_parameters=cfg.get('find_unused_parameters', False))
    wrapper.update(cfg.get('model_wrapper_cfg') or {})
    wrapper['device_ids'] = None
    cfg.model_wrapper_cfg = wrapper
