from .pos_solo_head import PosSOLOHead

__all__ = ['PosSOLOHead']
