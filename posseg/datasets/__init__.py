from .synthetic_instances import (SyntheticInstanceDataset,
                                  generate_synthetic_instances)

__all__ = ['SyntheticInstanceDataset', 'generate_synthetic_instances']
