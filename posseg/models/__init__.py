from .backbones import *  # noqa: F401,F403
from .decode_heads import *  # noqa: F401,F403
from .detectors import *  # noqa: F401,F403
from .dense_heads import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
from .necks import *  # noqa: F401,F403
from .probes import *  # noqa: F401,F403
from .segmentors import *  # noqa: F401,F403
