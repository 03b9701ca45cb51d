from .synthetic_instances import (SyntheticInstanceDataset,
                                  generate_synthetic_instances)
from .synthetic_semantic import (SyntheticSemanticDataset,
                                 generate_synthetic_semantic, position_blind_miou)

__all__ = ['SyntheticInstanceDataset', 'SyntheticSemanticDataset',
           'generate_synthetic_instances', 'generate_synthetic_semantic',
           'position_blind_miou']
