from .pos_solo_head import PosDecoupledSOLOHead, PosSOLOHead, PosSOLOV2Head

__all__ = ['PosDecoupledSOLOHead', 'PosSOLOHead', 'PosSOLOV2Head']
