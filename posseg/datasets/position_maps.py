"""The ground-truth position maps of the position readout (Islam et al., ICLR 2020).

Each map gives every pixel a value in [0, 1] that depends only on where it is:

- ``H``: a horizontal ramp, 0 at the left column, 1 at the right one.
- ``V``: a vertical ramp, 0 at the top row, 1 at the bottom one.
- ``G``: a centred isotropic Gaussian with sigma half the width, min-max
  normalised: 1 at the centre, 0 in the farthest corners.
- ``HS``: horizontal stripes, ``(1 + cos(2 pi y / p)) / 2`` with period ``p`` 0.4
  of the height (2.5 cycles; 1 on the top row), varying along y.
- ``VS``: vertical stripes, the same along x.

Coordinates are pixel centres, so a map is the same at any size up to sampling.
"""
import numpy as np

KINDS = ('H', 'V', 'G', 'HS', 'VS')
STRIPE_PERIOD = 0.4  # of the image side
GAUSSIAN_SIGMA = 0.5  # of the width


def position_map(kind, height, width):
    """One ground-truth map.

    Args:
        kind (str): One of ``KINDS``.
        height (int): Rows.
        width (int): Columns.

    Returns:
        ndarray: (height, width) float32 in [0, 1].
    """
    if kind not in KINDS:
        raise ValueError(f'unknown position map {kind!r}; valid: {", ".join(KINDS)}')
    y = np.arange(height, dtype=np.float64)[:, None]
    x = np.arange(width, dtype=np.float64)[None, :]
    if kind == 'H':
        value = np.broadcast_to(x / max(width - 1, 1), (height, width))
    elif kind == 'V':
        value = np.broadcast_to(y / max(height - 1, 1), (height, width))
    elif kind == 'G':
        sigma = GAUSSIAN_SIGMA * width
        value = np.exp(-((x - (width - 1) / 2) ** 2 + (y - (height - 1) / 2) ** 2)
                       / (2 * sigma ** 2))
        value = (value - value.min()) / (value.max() - value.min() or 1)
    elif kind == 'HS':
        value = np.broadcast_to(
            (1 + np.cos(2 * np.pi * y / (STRIPE_PERIOD * height))) / 2, (height, width))
    else:
        value = np.broadcast_to(
            (1 + np.cos(2 * np.pi * x / (STRIPE_PERIOD * width))) / 2, (height, width))
    return np.ascontiguousarray(value, dtype=np.float32)
