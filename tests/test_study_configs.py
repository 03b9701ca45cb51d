"""Study definitions: variants of two studies that are the same model.

A report may take such a variant's runs from the other study (docs/results/README.md);
these tests are what allows it: equal weights for the seed, equal losses on a batch.
"""
import pytest
import torch
from mmdet.registry import DATASETS, MODELS
from mmengine.config import Config
from mmengine.dataset import pseudo_collate
from mmengine.registry import MODELS as PROBE_MODELS
from mmengine.registry import DefaultScope
from mmengine.runner import set_random_seed

from conftest import ROOT
from posseg.engine.position_probe import probe_model_cfg
from posseg.layers import center_align
from posseg.models.detectors import extend_image
from posseg.study import load_study, plan_runs
from posseg.study.launch import write_run_config

SAME_MODEL = [  # (study, variant) == (study, variant)
    (('solo_padding', 'zeros'), ('solo_coordconv', 'input-zeros')),
    (('solo_padding', 'none'), ('solo_coordconv', 'input-none')),
]


def _run_model(tmp_path, study_name, variant, seed=1):
    """The model a study's run builds, after the run's seeding."""
    study = load_study(f'{ROOT}/configs/studies/{study_name}.py', ROOT)
    run, = plan_runs(study, str(tmp_path / study_name), variants=[variant],
                     seeds=[seed])
    write_run_config(study, run)  # the config.py the study trains
    cfg = Config.fromfile(run.config)
    set_random_seed(cfg.randomness.seed)  # as mmengine's Runner, before building
    with DefaultScope.overwrite_default_scope('mmdet'):
        model = MODELS.build(cfg.model)
    model.init_weights()
    return cfg, model


def _losses(cfg, models, tmp_path):
    """Each model's losses on the same two training images of the run's data."""
    ds_cfg = cfg.train_dataloader.dataset
    ds_cfg.update(data_root=str(tmp_path / 'syn') + '/',
                  synthesis=dict(num_train=2, num_val=1))
    with DefaultScope.overwrite_default_scope('mmdet'):
        batch = pseudo_collate([DATASETS.build(ds_cfg)[i] for i in (0, 1)])
    losses = []
    for m in models:
        data = m.data_preprocessor(batch, training=True)
        losses.append(m.loss(data['inputs'], data['data_samples']))
    return losses


def _assert_same_losses(losses):
    assert sorted(losses[0]) == sorted(losses[1])
    for key, value in losses[0].items():
        assert torch.equal(value, losses[1][key]), key


@pytest.mark.parametrize('one, other', SAME_MODEL)
def test_variants_build_the_same_model(one, other, tmp_path):
    cfg, model = _run_model(tmp_path, *one)
    _, other_model = _run_model(tmp_path, *other)
    weights, other_weights = model.state_dict(), other_model.state_dict()
    assert list(weights) == list(other_weights)
    assert all(torch.equal(weights[k], other_weights[k]) for k in weights)
    _assert_same_losses(_losses(cfg, (model, other_model), tmp_path))


@pytest.mark.parametrize('study_name, variant', [('solo_padding', 'zeros'),
                                                 ('solo_coordconv', 'input-zeros')])
def test_zeros_variants_are_mmdets_solo(study_name, variant, tmp_path):
    # what posseg changes for other variants (stem pool, residual alignment,
    # wrapped resampling, PadConv2d) leaves a zero-padded model mmdet's own:
    # same keys, and with the same weights bit-identical losses
    cfg, model = _run_model(tmp_path, study_name, variant)
    stock_cfg = Config.fromfile(f'{ROOT}/configs/solo_coordconv.py')
    assert (stock_cfg.model.backbone.type, stock_cfg.model.neck.type,
            stock_cfg.model.mask_head.type) == ('ResNet', 'FPN', 'SOLOHead')
    with DefaultScope.overwrite_default_scope('mmdet'):
        stock = MODELS.build(stock_cfg.model)
    assert list(stock.state_dict()) == list(model.state_dict())
    stock.load_state_dict(model.state_dict())
    _assert_same_losses(_losses(cfg, (model, stock), tmp_path))


def test_uniform_saliency_study_moves_only_the_salient_object(tmp_path):
    studies = {name: load_study(f'{ROOT}/configs/studies/{name}.py', ROOT)
               for name in ('saliency_padding', 'saliency_padding_uniform')}
    biased, uniform = studies.values()
    for key in ('base', 'baseline', 'seeds', 'metrics'):
        assert biased[key] == uniform[key], key
    assert list(biased.variants) == list(uniform.variants)
    assert len(biased.variants) == 8
    for variant in biased.variants:
        cfgs = []
        for name, study in studies.items():
            run, = plan_runs(study, str(tmp_path / name), variants=[variant],
                             seeds=[0])
            write_run_config(study, run)
            cfgs.append(Config.fromfile(run.config))
        assert cfgs[0].model == cfgs[1].model, variant
        # seg_padding's grid on the saliency configs ('none': MarginEncoderDecoder)
        assert cfgs[0].val_evaluator.type == 'SaliencyMetric'
        assert (cfgs[0].model.type == 'MarginEncoderDecoder') == \
            variant.endswith('-none')
        for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
            (one, other) = (c[loader].dataset for c in cfgs)
            assert one.synthesis.center_sigma == 0.12
            assert other.synthesis.center_sigma is None
            assert dict(one.synthesis, center_sigma=None) == other.synthesis
            assert one.data_root != other.data_root  # each its own generated data


@pytest.mark.parametrize('padding', ['zeros', 'circular', 'none'])
def test_probe_study_reads_the_solo_studys_trained_backbone(padding, tmp_path):
    # probe_padding's solo-<padding> probes the backbone of solo_coordconv's
    # none-<padding> run: every weight of the checkpoint's backbone, and on an
    # image exactly the levels the detector computes (with its margin for 'none')
    _, solo = _run_model(tmp_path, 'solo_coordconv', f'none-{padding}', seed=0)
    with torch.no_grad():
        for p in solo.parameters():
            p.add_(0.1 * torch.randn_like(p))  # trained: not the initial weights
    solo.eval()
    study = load_study(f'{ROOT}/configs/studies/probe_padding.py', ROOT)
    run, = plan_runs(study, str(tmp_path / 'probe'), variants=[f'solo-{padding}'],
                     seeds=[0])
    assert run.checkpoint.endswith(f'solo_coordconv/none-{padding}/seed_0/'
                                   'epoch_24.pth')
    checkpoint = tmp_path / 'solo.pth'
    torch.save(dict(meta=dict(), state_dict=solo.state_dict()), checkpoint)
    write_run_config(study, run)
    readout = PROBE_MODELS.build(probe_model_cfg(Config.fromfile(run.config),
                                                 str(checkpoint)))
    image = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        if padding == 'none':  # MarginSOLO
            expected = [center_align(x, *grid) for x, grid in zip(
                solo.backbone(extend_image(image, solo.margin(64, 64))),
                solo.grid_sizes(64, 64))]
        else:
            expected = solo.backbone(image)
        levels = readout.levels(image)
    assert len(levels) == 4
    for got, want in zip(levels, expected):
        if padding == 'none':  # margins 202 vs 234 px (the detector's covers its
            # FPN too): the same pixels, summed in another order on other sizes;
            # float32 rounding grows with the level's scale (hundreds at the last
            # level here) and with the CPU's kernels, so the bound is relative to it
            scale = want.abs().max().item()
            torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-5 * scale)
        else:
            assert torch.equal(got, want)
