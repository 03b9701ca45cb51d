"""The ground-truth position maps: shapes and values at corners and centre."""
import numpy as np
import pytest

from posseg.datasets.position_maps import KINDS, position_map


@pytest.mark.parametrize('kind', KINDS)
@pytest.mark.parametrize('size', [(224, 224), (28, 40), (5, 3)])
def test_shape_dtype_and_range(kind, size):
    value = position_map(kind, *size)
    assert value.shape == size and value.dtype == np.float32
    assert value.min() >= 0 and value.max() <= 1


def test_ramps_run_from_corner_to_corner():
    h, v = position_map('H', 5, 9), position_map('V', 5, 9)
    assert h[0, 0] == h[4, 0] == 0 and h[0, 8] == h[4, 8] == 1
    assert h[2, 4] == pytest.approx(0.5)
    assert v[0, 0] == v[0, 8] == 0 and v[4, 0] == v[4, 8] == 1
    assert v[2, 4] == pytest.approx(0.5)
    np.testing.assert_allclose(h[3], np.arange(9) / 8, rtol=1e-6)


def test_gaussian_peaks_at_the_centre_and_vanishes_in_the_corners():
    g = position_map('G', 225, 225)
    assert g[112, 112] == 1
    assert g[0, 0] == g[0, 224] == g[224, 0] == g[224, 224] == 0
    # sigma half the width: at the middle of an edge (112 px = sigma 0.498 * 225
    # away) exp(-112^2 / (2 * 112.5^2)), min-max normalised by the corners' value
    corner = np.exp(-2 * 112 ** 2 / (2 * 112.5 ** 2))
    edge = (np.exp(-112 ** 2 / (2 * 112.5 ** 2)) - corner) / (1 - corner)
    assert g[0, 112] == pytest.approx(edge, rel=1e-5)
    np.testing.assert_allclose(g, g.T, atol=1e-7)  # isotropic


def test_stripes_have_a_period_of_two_fifths_of_the_side():
    hs, vs = position_map('HS', 100, 60), position_map('VS', 60, 100)
    assert np.ptp(hs, axis=1).max() == 0  # horizontal stripes: constant along x
    assert np.ptp(vs, axis=0).max() == 0
    column = hs[:, 0]
    assert column[0] == 1 and column[20] == pytest.approx(0, abs=1e-6)  # half period
    assert column[40] == pytest.approx(1) and column[80] == pytest.approx(1)
    np.testing.assert_allclose(vs[0], column, atol=1e-6)


def test_unknown_kind_lists_the_valid_ones():
    with pytest.raises(ValueError,
                       match='unknown position map .X.; valid: H, V, G, HS, VS'):
        position_map('X', 4, 4)
