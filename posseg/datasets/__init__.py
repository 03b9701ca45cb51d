from .load_saliency_mask import LoadSaliencyMask
from .position_map_dataset import PositionMapDataset
from .position_maps import position_map
from .saliency_dataset import MissingMaskError, SaliencyDataset
from .synthetic_instances import (SyntheticInstanceDataset,
                                  generate_synthetic_instances)
from .synthetic_saliency import (SyntheticSaliencyDataset,
                                 generate_synthetic_saliency, position_only_scores)
from .synthetic_semantic import (SyntheticSemanticDataset,
                                 generate_synthetic_semantic, position_blind_miou)

__all__ = ['LoadSaliencyMask', 'MissingMaskError', 'PositionMapDataset',
           'SaliencyDataset', 'position_map',
           'SyntheticInstanceDataset', 'SyntheticSaliencyDataset',
           'SyntheticSemanticDataset', 'generate_synthetic_instances',
           'generate_synthetic_saliency', 'generate_synthetic_semantic',
           'position_blind_miou', 'position_only_scores']
