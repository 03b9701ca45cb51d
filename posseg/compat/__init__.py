"""What posseg changes in, or guards against in, its pinned stack: one module each.

=========================  ==========================================  ====================
module                     works around                                can go when
=========================  ==========================================  ====================
``mmcv_ops``               mmdet 3.3 / mmseg 1.2 fail on an mmcv       never (a guard)
                           without ops with a bare ``mmcv._ext``
``stack_warnings``         mmengine 0.10.7 imports ``pkg_resources``;  mmengine drops it;
                           mmseg 1.2.2 warns on its own calls          mmseg stops
``conv_module_circular``   mmcv 2.1.0 ``ConvModule(padding_mode=       mmcv passes the mode
                           'circular')`` pads with zeros (mmcv#3078)   to its conv
``checkpoint_globals``     mmengine 0.10.7 checkpoints under torch's   mmengine allows its
                           ``weights_only=True`` (mmengine#1655)       own globals
``cpu_distributed``        mmengine's pytorch launcher needs CUDA      mmengine falls back
                                                                       to gloo on the CPU
``gloo_teardown``          a gloo rank aborts at exit after training   torch tears groups
                           (pytorch#190489)                            down safely at exit
``dist_collect_dir``       mmengine leaves ``.dist_test`` in the       mmengine removes it
                           working directory
``dataloader_workers``     torch's workers outlive a killed parent     torch's workers die
                           for minutes                                 with it
=========================  ==========================================  ====================

The first four act when posseg is imported (:func:`install`); the others at the
tools' boundary (``posseg.utils.cli.run_main``, the tools' ``setup_launcher``).
A kill between mmengine's open and write of ``last_checkpoint`` leaves it empty:
``posseg.utils.checkpoints.resumable_checkpoint`` then takes the newest checkpoint.
"""
from .mmcv_ops import require_mmcv_ops


def install():
    """Put in place what acts at import; called once by ``import posseg``."""
    require_mmcv_ops()  # first: before mmdet/mmseg fail on it with a bare mmcv._ext
    from .checkpoint_globals import register_checkpoint_globals
    from .conv_module_circular import patch_conv_module
    from .stack_warnings import silence_stack_warnings
    silence_stack_warnings()
    patch_conv_module()
    register_checkpoint_globals()
