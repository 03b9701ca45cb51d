from .position_readout import PositionReadout

__all__ = ['PositionReadout']
