"""MarginSOLO: a padding-free SOLO sees a margin and predicts on the image's grid."""
import numpy as np
import pytest
import torch
from mmdet.registry import MODELS
from mmengine.config import Config
from mmengine.registry import DefaultScope

from conftest import ROOT
from posseg.models import extend_image
from posseg.utils.errors import PossegError


def build(config, **model):
    cfg = Config.fromfile(f'{ROOT}/configs/{config}')
    cfg.model.update(model)
    with DefaultScope.overwrite_default_scope('mmdet'):
        net = MODELS.build(cfg.model)
    net.eval()
    return net


@pytest.mark.parametrize('margin', [3, 20])
def test_reflect_margin_wider_than_the_image_mirrors_again(margin):
    x = torch.randn(1, 2, 5, 6)
    want = np.pad(x.numpy(), ((0, 0), (0, 0), (margin,) * 2, (margin,) * 2),
                  mode='reflect')
    assert np.array_equal(extend_image(x, margin).numpy(), want)


def test_padded_convs_need_no_margin_and_give_solos_features():
    solo = build('solo_coordconv.py')
    margin = build('solo_coordconv.py', type='MarginSOLO')
    margin.load_state_dict(solo.state_dict())
    x = torch.randn(1, 3, 128, 128)
    assert margin.margin(128, 128) == 0
    assert all(torch.equal(a, b) for a, b in zip(solo.extract_feat(x),
                                                 margin.extract_feat(x)))


def test_valid_convs_get_the_smallest_margin_that_covers_the_grid():
    net = build('solo_coordconv_none.py')
    # 592 px in, as traced by hand with a padded stem max-pool; unpadded under
    # 'none' it takes 1 px more on each side at stride 2: 596 px
    assert net.margin(128, 128) == 234
    feats = net.extract_feat(torch.randn(1, 3, 128, 128))
    assert [tuple(f.shape[-2:]) for f in feats] == [
        (32, 32), (16, 16), (8, 8), (4, 4), (2, 2)]
    assert net.margin(128, 96) == 234  # each size found once, cached
    assert set(net._margins) == {(128, 128), (128, 96)}


def test_features_stay_on_the_pixels_of_their_image_content():
    """A dot at (y, x) moves the finest features most at (y / 4, x / 4)."""
    torch.manual_seed(0)
    net = build('solo_coordconv_none.py')
    image = torch.zeros(1, 3, 128, 128)
    dotted = image.clone()
    dotted[..., 48:52, 80:84] = 10.0
    with torch.no_grad():
        change = (net.extract_feat(dotted)[0] - net.extract_feat(image)[0])
    change = change.abs().sum(1)[0]
    y, x = divmod(change.argmax().item(), change.shape[-1])
    assert abs(y - 12.5) <= 1 and abs(x - 20.5) <= 1


def test_bad_margin_mode_lists_the_valid_ones():
    with pytest.raises(PossegError, match=r"unknown margin_mode 'mirror'; valid: "
                       r"\('reflect', 'replicate', 'constant'\)"):
        build('solo_coordconv_none.py', margin_mode='mirror')


def test_valid_stem_pool_changes_no_feature_of_the_image_but_the_bn_statistics():
    # the study's `none` cells were trained with a zero-padded stem max-pool: the
    # margin was 232 px then, 234 now, and the pooled grid keeps its phase, so with
    # the same weights every FPN level over the image is bit for bit the same in
    # eval mode; in training BatchNorm's batch statistics cover the margin too, so
    # training differs (slightly) and those cells must be measured again
    x = torch.randn(1, 3, 128, 128)
    feats = {}
    for old_pool in (True, False):
        torch.manual_seed(0)
        net = build('solo_coordconv_none.py')
        net.init_weights()
        if old_pool:
            net.backbone.maxpool = torch.nn.MaxPool2d(3, 2, 1)
        for training in (False, True):
            net.train(training)
            with torch.no_grad():
                feats[old_pool, training] = net.extract_feat(x)
        assert net.margin(128, 128) == (232 if old_pool else 234)
    assert all(torch.equal(a, b) for a, b in zip(feats[True, False],
                                                 feats[False, False]))
    assert not any(torch.equal(a, b) for a, b in zip(feats[True, True],
                                                     feats[False, True]))
