"""Importing posseg registers its modules where mmdet and mmseg configs look."""
import pytest
from mmengine.config import Config
from mmengine.registry import DATASETS, HOOKS

import posseg


@pytest.mark.parametrize('scope', ['mmdet', 'mmseg', None])
def test_hooks_are_found_from_every_scope(scope):
    with HOOKS.switch_scope_and_registry(scope) as registry:
        assert registry.get('MetricsDumpHook') is posseg.evaluation.MetricsDumpHook
        assert registry.get('SegLabelCheckHook') is posseg.engine.SegLabelCheckHook


def test_dataset_is_in_mmdet_registry():
    with DATASETS.switch_scope_and_registry('mmdet') as registry:
        assert registry.get('SyntheticInstanceDataset') is \
            posseg.datasets.SyntheticInstanceDataset


def test_configs_import_posseg_through_custom_imports():
    cfg = Config.fromfile('configs/solo_coordconv.py')
    assert cfg.custom_imports == dict(imports=['posseg'], allow_failed_imports=False)
    assert cfg.default_scope == 'mmdet'
    assert cfg.model.mask_head.type == 'SOLOHead'
