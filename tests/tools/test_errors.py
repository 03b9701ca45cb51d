"""Bad input: one line naming the problem and the fix, and a non-zero exit."""
import argparse
import os
import os.path as osp
import random
import shutil
import subprocess

import mmcv
import pytest
import torch

from conftest import ROOT, run_tool


def _one_line_error(proc):
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith('error: ')
    return lines[0]


def test_unknown_config_path_suggests_the_closest():
    line = _one_line_error(run_tool('tools/train.py', 'configs/solo_cordconv.py'))
    assert "'configs/solo_cordconv.py' not found" in line
    assert 'did you mean configs/solo_coordconv.py?' in line


def test_unknown_package_config_says_how_they_are_written():
    line = _one_line_error(run_tool('tools/train.py', 'mmdet::solo/solo_r51.py'))
    assert "config 'mmdet::solo/solo_r51.py' not found" in line
    assert 'mmdet::<dir>/<file>.py' in line


def test_test_tool_missing_checkpoint():
    line = _one_line_error(
        run_tool('tools/test.py', 'configs/solo_coordconv.py', 'nope.pth'))
    assert "checkpoint 'nope.pth' not found" in line


@pytest.mark.skipif(torch.cuda.is_available(), reason='--amp is valid on a GPU')
def test_amp_without_gpu(tiny_config):
    line = _one_line_error(run_tool('tools/train.py', tiny_config(), '--amp'))
    assert '--amp needs a GPU' in line


def test_missing_dataset_names_path_and_fix(tmp_path):
    cfg = tmp_path / 'coco_solo.py'
    cfg.write_text(
        "_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'\n"
        f"train_dataloader = dict(dataset=dict(data_root='{tmp_path}/coco/'))\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert f'{tmp_path}/coco/ not found' in line
    assert 'train_dataloader.dataset' in line and 'data/README.md' in line


def test_missing_annotation_file_of_wrapped_dataset(tmp_path):
    (tmp_path / 'coco').mkdir()
    cfg = tmp_path / 'coco_repeat.py'
    cfg.write_text(
        "_base_ = 'mmdet::solo/solo_r50_fpn_1x_coco.py'\n"
        "train_dataloader = dict(dataset=dict(_delete_=True, type='RepeatDataset',"
        " times=2, dataset=dict(type='CocoDataset', data_root="
        f"'{tmp_path}/coco/', ann_file='annotations/train.json')))\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert f'{tmp_path}/coco/annotations/train.json not found' in line
    assert 'train_dataloader.dataset.dataset' in line


@pytest.fixture(scope='module')
def mmcv_without_ops(tmp_path_factory):
    """A copy of the installed mmcv without its compiled ``_ext`` (as mmcv-lite)."""
    site = tmp_path_factory.mktemp('lite')
    shutil.copytree(osp.dirname(mmcv.__file__), site / 'mmcv',
                    ignore=shutil.ignore_patterns('_ext*.so', '__pycache__'))
    return dict(PYTHONPATH=str(site))


@pytest.mark.parametrize('tool', [('tools/train.py', 'configs/solo_coordconv.py'),
                                  ('tools/check_stack.py',)])
def test_mmcv_without_ops_is_refused(mmcv_without_ops, tool):
    line = _one_line_error(run_tool(*tool, env=mmcv_without_ops))
    assert 'mmcv is installed without its compiled ops' in line
    assert 'make setup' in line


# ------------------------------------------------------------ config mistakes
@pytest.mark.parametrize('options, expected', [
    (['model.mask_head.coord_mode=all'],
     "--cfg-options model.mask_head.coord_mode: SOLOHead (model.mask_head) takes "
     "no argument 'coord_mode'; it takes: num_classes, in_channels"),
    (['model.mask_head.type=PosSOLOHead', 'model.mask_head.coord_mod=all'],
     "PosSOLOHead (model.mask_head) takes no argument 'coord_mod'; did you mean "
     'coord_mode?'),
    (['train_cfg.max_epoch=1'],
     "--cfg-options train_cfg.max_epoch: EpochBasedTrainLoop (train_cfg) takes no "
     "argument 'max_epoch'; did you mean max_epochs?"),
    (['train_cfg.max_epochs'],
     "--cfg-options 'train_cfg.max_epochs': options are key=value"),
    (['model.backbone.conv_cfg.padding_mode=circular'],
     '--cfg-options model.backbone.conv_cfg.padding_mode: model.backbone.conv_cfg '
     'is not set in the config, so this makes a conv_cfg without a type; set '
     'model.backbone.conv_cfg.type too (e.g. PadConv2d)'),
    (['model.backbone.conv_cfg.type=PadConv2d',
      'model.backbone.conv_cfg.padding_mode=circulr'],
     "configs/solo_coordconv.py: model.backbone.conv_cfg (PadConv2d): PadConv2d: "
     "unknown padding_mode 'circulr'; valid: zeros, circular"),
    (['model.mask_head.type=SOLOHaed'],
     "configs/solo_coordconv.py: model.mask_head.type 'SOLOHaed' is not "
     'registered; did you mean SOLOHead?'),
    (['train_cfg.max_epochs=0'],  # would end at once, exit 0, nothing written
     'train_cfg.max_epochs is 0; it takes a whole number of 1 or more (e.g. '
     '--cfg-options train_cfg.max_epochs=1)'),
    (['train_cfg.max_epochs=ten'], "train_cfg.max_epochs is 'ten'; it takes a "),
])
def test_config_mistakes_are_one_line_with_the_fix(options, expected):
    line = _one_line_error(run_tool('tools/train.py', 'configs/solo_coordconv.py',
                                    '--cfg-options', *options))
    assert expected in line


@pytest.mark.parametrize('tool, launcher, expected', [
    (['tools/train.py', 'configs/seg_nocoord.py'], 'pytorch',
     '--launcher pytorch needs RANK in the environment, which torchrun sets; start '
     'it with tools/dist_train.sh CONFIG GPUS, or leave --launcher out'),
    (['tools/test.py', 'configs/seg_nocoord.py', 'x.pth'], 'slurm',
     '--launcher slurm needs SLURM_PROCID in the environment, which srun sets; '
     'start it with srun ... tools/test.py ... --launcher slurm'),
])
def test_a_launcher_run_by_hand_says_what_starts_it(tool, launcher, expected,
                                                    monkeypatch):
    for name in ('RANK', 'SLURM_PROCID'):
        monkeypatch.delenv(name, raising=False)
    assert expected in _one_line_error(run_tool(*tool, '--launcher', launcher))


@pytest.mark.parametrize('tool', [['tools/benchmark_configs.py',
                                   'configs/seg_nocoord.py'],
                                  ['tools/benchmark_layers.py']])
def test_device_cuda_without_a_gpu(tool):
    # GPUs hidden, so that this runs (and must pass) on GPU machines as well
    line = _one_line_error(run_tool(*tool, '--device', 'cuda',
                                    env=dict(CUDA_VISIBLE_DEVICES='')))
    assert '--device cuda: torch sees no CUDA GPU' in line and '--device cpu' in line


def test_a_typeless_layer_cfg_in_a_config_file_is_named(tmp_path):
    cfg = tmp_path / 'typeless.py'
    cfg.write_text(f"_base_ = '{ROOT}/configs/solo_coordconv.py'\n"
                   "model = dict(neck=dict(conv_cfg=dict(padding_mode='reflect')))\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert line == (f'error: {cfg}: model.neck.conv_cfg has no type; set '
                    'model.neck.conv_cfg.type (e.g. PadConv2d)')


def test_missing_base_names_the_file_that_asks_for_it(tmp_path):
    (tmp_path / 'configs').mkdir()
    middle = tmp_path / 'configs' / 'middle.py'
    middle.write_text("_base_ = './solo_coordconv.py'\n")
    top = tmp_path / 'top.py'
    top.write_text("_base_ = './configs/middle.py'\n")
    line = _one_line_error(run_tool('tools/train.py', top))
    assert line.startswith(f"error: {middle}: _base_ './solo_coordconv.py' not found "
                           f"(looked for {tmp_path}/configs/solo_coordconv.py)")


def test_syntax_error_names_file_and_line(tmp_path):
    cfg = tmp_path / 'broken.py'
    cfg.write_text(f"_base_ = '{ROOT}/configs/solo_coordconv.py'\n"
                   "model = dict(backbone=dict(depth=18)\n")
    line = _one_line_error(run_tool('tools/train.py', cfg))
    assert line.startswith(f'error: {cfg}, line 2: invalid Python (')


def test_work_dir_that_is_a_file(tmp_path):
    (tmp_path / 'results').write_text('precious')
    line = _one_line_error(run_tool('tools/train.py', 'configs/solo_coordconv.py',
                                    '--work-dir', tmp_path / 'results'))
    assert 'is a file; pass --work-dir a folder' in line
    assert (tmp_path / 'results').read_text() == 'precious'


@pytest.mark.parametrize('option', ['--out', '--show-dir'])
def test_a_prediction_folder_that_is_a_file(tmp_path, option):
    (tmp_path / 'maps').write_text('precious')
    line = _one_line_error(run_tool('tools/test.py', 'configs/seg_nocoord.py', 'x.pth',
                                    option, tmp_path / 'maps'))
    assert line == (f'error: {option} {tmp_path / "maps"} is a file; it takes a '
                    'folder (made if missing) for the prediction maps')
    assert (tmp_path / 'maps').read_text() == 'precious'


def test_debug_shows_the_traceback(tmp_path):
    proc = run_tool('tools/train.py', 'configs/solo_coordconv.py', '--cfg-options',
                    'train_cfg.max_epoch=1', '--debug')
    assert proc.returncode == 1 and 'Traceback (most recent call last)' in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith('error: --cfg-options')


# ------------------------------------------------------------ generated data
@pytest.mark.parametrize('kind', ['user folder', 'file', 'empty', 'dot'])
def test_generated_data_never_overwrites_a_users_files(tmp_path, kind):
    (tmp_path / 'photos').mkdir()
    (tmp_path / 'photos' / 'holiday.jpg').write_text('precious')
    (tmp_path / 'notes.txt').write_text('precious')
    root = {'user folder': tmp_path / 'photos', 'file': tmp_path / 'notes.txt',
            'empty': '', 'dot': '.'}[kind]
    before = sorted(p.name for p in tmp_path.rglob('*'))
    line = _one_line_error(run_tool(
        osp.join(ROOT, 'tools', 'train.py'),
        osp.join(ROOT, 'configs', 'solo_coordconv.py'), '--cfg-options',
        f'train_dataloader.dataset.data_root={root}', cwd=tmp_path))
    assert line.startswith('error: train_dataloader.dataset: data_root ')
    assert sorted(p.name for p in tmp_path.rglob('*')) == before
    assert (tmp_path / 'photos' / 'holiday.jpg').read_text() == 'precious'


# ------------------------------------------------------------ checkpoints
@pytest.fixture(scope='module')
def bad_checkpoints(tmp_path_factory, trained_run):
    """Checkpoints that cannot be loaded, by name."""
    folder = tmp_path_factory.mktemp('bad_ckpt')
    good = (trained_run[1] / 'epoch_2.pth').read_bytes()
    (folder / 'empty.pth').write_bytes(b'')
    (folder / 'truncated.pth').write_bytes(good[:len(good) // 3])
    # seeded: a file of fresh random bytes is, now and then, one that torch also
    # warns about (tests/utils/test_checkpoints.py covers that case on its own)
    (folder / 'random.pth').write_bytes(random.Random(0).randbytes(4096))
    torch.save({'state_dict': {}, 'args': argparse.Namespace(lr=0.1)},
               folder / 'hostile.pth')
    return folder


@pytest.mark.parametrize('name, expected', [
    ('empty', 'is empty (0 bytes)'),
    ('truncated', 'is damaged or not a PyTorch checkpoint (truncated: its zip '
     'archive has no end)'),
    ('random', 'is damaged or not a PyTorch checkpoint (unreadable: '),
    ('hostile', 'holds a Python object that loading under weights_only=True '
     'refuses (argparse.Namespace); if you trust the file, allow that class with '
     'torch.serialization.add_safe_globals'),
])
@pytest.mark.parametrize('tool', ['test', 'resume'])
def test_unusable_checkpoints_are_one_line(bad_checkpoints, trained_run, name,
                                           expected, tool):
    ckpt = bad_checkpoints / f'{name}.pth'
    cfg = trained_run[0]
    proc = (run_tool('tools/test.py', cfg, ckpt) if tool == 'test' else
            run_tool('tools/train.py', cfg, '--resume', ckpt))
    line = _one_line_error(proc)
    assert line.startswith(f'error: checkpoint {ckpt} ') and expected in line
    # never torch's advice to switch the protection off ("`weights_only` set to
    # `False`"): no form of it may pass through
    assert 'False' not in line and 'trusted source' not in line


def test_a_checkpoint_of_another_model_is_refused(trained_run, tiny_config):
    ckpt = trained_run[1] / 'epoch_2.pth'
    nocoord = tiny_config(epochs=1, base='configs/solo_nocoord.py',
                          name='tiny_nocoord.py')
    line = _one_line_error(run_tool('tools/test.py', nocoord, ckpt))
    assert line == (
        f'error: checkpoint {ckpt} does not fit the model: 3 weights missing '
        '(mask_head.mask_convs.0.1.conv.weight, mask_head.mask_convs.0.1.gn.weight '
        'and 1 more), 3 unexpected (mask_head.mask_convs.0.conv.weight, '
        'mask_head.mask_convs.0.gn.weight and 1 more), 0 of another shape; check '
        'the config, or pass --partial-load to load what fits')
    line = _one_line_error(run_tool('tools/train.py', nocoord, '--cfg-options',
                                    f'load_from={ckpt}'))
    assert 'does not fit the model: 3 weights missing' in line


def test_partial_load_says_what_it_left_out(trained_run, tiny_config, tmp_path):
    ckpt = trained_run[1] / 'epoch_2.pth'
    nocoord = tiny_config(epochs=1, base='configs/solo_nocoord.py',
                          name='tiny_nocoord.py')
    proc = run_tool('tools/test.py', nocoord, ckpt, '--partial-load',
                    '--work-dir', tmp_path, check=True)
    warnings = [w for w in proc.stderr.splitlines() if w.startswith('warning: ')]
    assert warnings == [f'warning: partial load of {ckpt}: 3 weights missing '
                        '(mask_head.mask_convs.0.1.conv.weight, '
                        'mask_head.mask_convs.0.1.gn.weight and 1 more), 3 '
                        'unexpected (mask_head.mask_convs.0.conv.weight, '
                        'mask_head.mask_convs.0.gn.weight and 1 more), 0 of '
                        'another shape']


# ------------------------------------------------------------ environment
def test_another_python_is_pointed_at_the_environment():
    # needs a Python that cannot import posseg: the machine's own python3 here and
    # on CI; where every python3 has posseg (e.g. PYTHONPATH set to the checkout)
    # the mistake cannot be made, and the test says so instead of passing
    other = shutil.which('python3')
    if other is None or subprocess.run([other, '-c', 'import posseg'],
                                       capture_output=True).returncode == 0:
        pytest.skip('no Python without posseg on the PATH')
    proc = subprocess.run([other, 'tools/train.py', 'configs/solo_coordconv.py'],
                          cwd=ROOT, capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items()
                               if k not in ('PYTHONPATH', 'VIRTUAL_ENV')})
    line = _one_line_error(proc)
    assert line.startswith('error: posseg is not installed in this Python (')
    assert line.endswith("); run the tools with the project's environment, "
                         '.venv/bin/python (or `source .venv/bin/activate` first), '
                         'which `make setup` makes')


SEG_TINY = """
_base_ = {base!r}
synthesis = dict(num_train=4, num_val=2)
train_dataloader = dict(batch_size=2, num_workers={workers},
                        persistent_workers=False,
                        dataset=dict(data_root={root!r}, synthesis=synthesis,
                                     ann_file={ann_file!r}))
val_dataloader = dict(batch_size=2, num_workers=0, persistent_workers=False,
                      dataset=dict(data_root={root!r}, synthesis=synthesis))
test_dataloader = val_dataloader
train_cfg = dict(max_epochs=1, val_interval=1)
param_scheduler = [dict(type='ConstantLR', factor=1.0)]
"""


def _seg_run(tmp_path, break_data, workers=0, ann_file=''):
    """Train configs/seg_nocoord.py on 4 generated images after ``break_data(root)``."""
    from posseg.datasets.synthetic_semantic import generate_synthetic_semantic
    root = tmp_path / 'sem'
    generate_synthetic_semantic(str(root), num_train=4, num_val=2)
    break_data(root)
    cfg = tmp_path / 'seg_tiny.py'
    cfg.write_text(SEG_TINY.format(base=osp.join(ROOT, 'configs/seg_nocoord.py'),
                                   root=str(root) + '/', workers=workers,
                                   ann_file=ann_file))
    return run_tool('tools/train.py', cfg, '--work-dir', tmp_path / 'work')


def _first(root, folder):
    return sorted((root / folder).iterdir())[0]


def test_a_label_that_is_no_class_names_file_and_value(tmp_path):
    def seven(root):
        path = _first(root, 'ann_dir/train')
        labels = mmcv.imread(str(path), flag='unchanged')
        labels[3, 5] = 7  # classes 0..4, ignore index 255
        mmcv.imwrite(labels, str(path))
        seven.path = path
    line = _one_line_error(_seg_run(tmp_path, seven))
    assert f'label value 7 in {seven.path} is not a class (0..4)' in line
    assert 'ignore index 255' in line


@pytest.mark.parametrize('folder', ['img_dir/train', 'ann_dir/train'])
def test_a_missing_image_or_label_map_is_named(tmp_path, folder):
    def remove(root):
        # a split file lists the images (as VOC's ImageSets do), so a missing
        # image is still asked for
        names = sorted(p.stem for p in (root / 'img_dir/train').iterdir())
        (root / 'train.txt').write_text('\n'.join(names) + '\n')
        remove.path = _first(root, folder)
        os.remove(remove.path)
    # errors in DataLoader workers reach the main process rewrapped
    line = _one_line_error(_seg_run(tmp_path, remove, workers=1,
                                    ann_file='train.txt'))
    assert f'{remove.path} not found; restore it' in line


def test_a_saliency_image_without_its_mask_is_named(tmp_path):
    from posseg.datasets import generate_synthetic_saliency
    root = tmp_path / 'sal'
    generate_synthetic_saliency(str(root), num_train=4, num_val=2)
    mask = _first(root, 'ann_dir/train')
    os.remove(mask)
    cfg = tmp_path / 'saliency_tiny.py'
    cfg.write_text(SEG_TINY.format(base=osp.join(ROOT, 'configs/saliency_nocoord.py'),
                                   root=str(root) + '/', workers=0, ann_file=''))
    line = _one_line_error(run_tool('tools/train.py', cfg, '--work-dir',
                                    tmp_path / 'work'))
    image = root / 'img_dir' / 'train' / mask.name
    assert f'{image} has no mask: looked for {mask.with_suffix("")}{{.png,' in line
    assert line.endswith('restore the mask or remove the image')
