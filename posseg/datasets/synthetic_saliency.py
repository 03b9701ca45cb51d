"""Embedded salient-object data with a centre bias of chosen strength.

Each image (generated, deterministic per index) has a smooth, noisy colour
background, 1 to ``max_distractors`` distractor objects and one salient object,
drawn last so that it is never occluded. Objects are ellipses, rotated rectangles,
triangles or five-pointed stars, filled flat or striped. The salient object is
larger and stands out more from the background than a distractor, on average:

- radius: salient ``U(0.12, 0.26)``, distractors ``U(0.05, 0.15)`` of the side;
- colour distance to the background mean (RGB): salient ``U(90, 200)``,
  distractors ``U(30, 150)``.

The ranges overlap, so appearance alone leaves some images ambiguous. Where the
salient object lies is the centre bias: with ``center_sigma`` set, its centre is
drawn from a normal distribution around the image centre with that standard
deviation per axis (a fraction of the side) and kept inside the image: at the
default 0.12 the median centre lies 0.14 of the side from the image centre, and
12% lie beyond 0.25 (subjects photographed near the centre); with
``center_sigma=None`` it is uniform over the positions where the object fits, as
the distractors always are (median 0.24, 46% beyond 0.25). With ``wrap=True`` the
image is a torus: the background is periodic and objects cross the edge to come
back on the other side, centres uniform over the whole image (or the bias taken
modulo the side), so no pixel is more likely salient than another and a circular
shift of an image is as likely as the image. Masks are 0 / 255 PNGs of the salient
object alone. Layout: ``img_dir/{train,val}/*.png`` and
``ann_dir/{train,val}/*.png``.
"""
import json
import os
import os.path as osp

import cv2
import numpy as np
from mmengine.logging import print_log
from mmseg.registry import DATASETS

from ..evaluation.saliency_metric import score_image, summarize
from .generated_folder import check_data_folder, ensure_generated
from .saliency_dataset import SaliencyDataset
from .synthetic_instances import SynthesisError, check_synthesis

NAME = 'synthetic_saliency'
GENERATOR_VERSION = 1
SHAPES = ('ellipse', 'rectangle', 'triangle', 'star')
DEFAULT_SYNTHESIS = dict(num_train=400, num_val=100, image_size=128,
                         center_sigma=0.12, max_distractors=3, wrap=False, seed=0)
SALIENT = dict(radius=(0.12, 0.26), contrast=(90, 200))
DISTRACTOR = dict(radius=(0.05, 0.15), contrast=(30, 150))


def synthesis_spec(synthesis):
    """``DEFAULT_SYNTHESIS`` updated by ``synthesis``.

    Raises:
        SynthesisError: An unknown key, or a value that cannot make the data.
    """
    unknown = sorted(set(synthesis) - set(DEFAULT_SYNTHESIS))
    if unknown:
        raise SynthesisError(f'unknown synthesis parameter {unknown[0]!r}; valid: '
                             f'{", ".join(DEFAULT_SYNTHESIS)}')
    spec = dict(DEFAULT_SYNTHESIS, **synthesis)
    if not isinstance(spec['wrap'], bool):
        raise SynthesisError(f"wrap takes True or False, got {spec['wrap']!r}")
    if spec['center_sigma'] is not None and not spec['center_sigma'] > 0:
        raise SynthesisError(f"center_sigma must be positive or None (uniform), got "
                             f"{spec['center_sigma']!r}")
    # an object of radius up to 0.26 of the side fits (2 r <= side - 1) from 3 px
    check_synthesis(spec, dict(num_train=1, num_val=1, image_size=3,
                               max_distractors=1))
    return spec


def _background(rng, size):
    """A smooth random colour field with pixel noise, float32 (H, W, 3)."""
    base = rng.uniform(70, 185, size=3)
    coarse = (base + rng.uniform(-40, 40, size=(4, 4, 3))).astype(np.float32)
    field = cv2.resize(coarse, (size, size), interpolation=cv2.INTER_CUBIC)
    return field + rng.normal(0, 6, size=(size, size, 3)).astype(np.float32)


def _periodic_background(rng, size):
    """A smooth random colour field that tiles the plane, with pixel noise.

    Twelve plane waves of whole periods per side (frequencies up to 2) per
    channel, random amplitude and phase: about the spread of ``_background``.
    """
    base = rng.uniform(70, 185, size=3)
    waves = [(0, 1), (0, 2)] + [(fx, fy) for fx in (1, 2) for fy in range(-2, 3)]
    yy, xx = np.mgrid[:size, :size] * (2 * np.pi / size)
    field = np.empty((size, size, 3), np.float32)
    for channel in range(3):
        amplitude = rng.uniform(-16, 16, size=len(waves))
        phase = rng.uniform(0, 2 * np.pi, size=len(waves))
        field[..., channel] = base[channel] + sum(
            a * np.cos(fx * xx + fy * yy + p)
            for (fx, fy), a, p in zip(waves, amplitude, phase))
    return field + rng.normal(0, 6, size=(size, size, 3)).astype(np.float32)


def _shape_pixels(rng, size, center, radius, wrap):
    """A random shape's pixels around ``center`` (x, y): arrays ``(yy, xx)``.

    With ``wrap`` the shape is drawn whole on the plane: coordinates may lie
    outside ``[0, size)``; taken modulo ``size`` they fold it onto the torus.
    """
    if not wrap:
        return np.nonzero(_shape_mask(rng, size, center, radius))
    # objects span at most 0.52 of the side: a canvas of three sides holds one
    yy, xx = np.nonzero(_shape_mask(rng, 3 * size, np.add(center, size), radius))
    return yy - size, xx - size


def _shape_mask(rng, size, center, radius):
    """A random shape's (H, W) bool mask around ``center`` (x, y)."""
    canvas = np.zeros((size, size), np.uint8)
    kind = SHAPES[int(rng.integers(len(SHAPES)))]
    angle = rng.uniform(0, 2 * np.pi)
    cx, cy = center
    if kind == 'ellipse':
        axes = (max(1, int(radius)), max(1, int(radius * rng.uniform(0.5, 1))))
        cv2.ellipse(canvas, (int(cx), int(cy)), axes, np.degrees(angle), 0, 360, 1,
                    -1)
        return canvas.astype(bool)
    if kind == 'rectangle':
        w, h = radius, radius * rng.uniform(0.5, 1)
        corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]])
    elif kind == 'triangle':
        t = angle + np.arange(3) * 2 * np.pi / 3
        corners = radius * np.stack([np.cos(t), np.sin(t)], 1)
    else:  # star: outer and inner radius alternate
        t = angle + np.arange(10) * np.pi / 5
        r = np.where(np.arange(10) % 2 == 0, radius, radius * 0.45)
        corners = np.stack([r * np.cos(t), r * np.sin(t)], 1)
    if kind == 'rectangle':
        c, s = np.cos(angle), np.sin(angle)
        corners = corners @ np.array([[c, s], [-s, c]])
    pts = np.round(corners + [cx, cy]).astype(np.int32)
    cv2.fillPoly(canvas, [pts], 1)
    return canvas.astype(bool)


def _colour(rng, base, contrast):
    """A colour at about ``contrast`` RGB distance from ``base`` (clipped)."""
    direction = rng.normal(size=3)
    direction /= np.linalg.norm(direction) + 1e-9
    return np.clip(base + rng.uniform(*contrast) * direction, 0, 255)


def _paint(rng, image, pixels, contrast):
    """Fill ``pixels`` (``_shape_pixels``, taken modulo the side) with a flat or
    striped colour that stands out by ``contrast``; stripes follow the unfolded
    shape."""
    yy, xx = pixels
    size = image.shape[0]
    at = yy % size, xx % size
    base = image[at].mean(0)
    first = _colour(rng, base, contrast)
    if rng.random() < 0.5:
        image[at] = first
        return
    second = _colour(rng, base, contrast)
    period = rng.uniform(4, 10)
    t = rng.uniform(0, np.pi)
    stripe = ((xx * np.cos(t) + yy * np.sin(t)) // period) % 2 == 0
    image[at] = np.where(stripe[:, None], first, second)


def _centre(rng, size, radius, sigma, wrap):
    """The salient object's centre: around the middle (``sigma``) or uniform;
    with ``wrap`` anywhere (modulo the side), else where the object fits."""
    if wrap:
        if sigma is None:
            return rng.uniform(0, size, size=2)
        return rng.normal((size - 1) / 2, sigma * size, size=2) % size
    low, high = radius, size - 1 - radius
    if sigma is None:
        return rng.uniform(low, high, size=2)
    return np.clip(rng.normal((size - 1) / 2, sigma * size, size=2), low, high)


def render_image(index, spec):
    """One image (H, W, 3) uint8 BGR and its mask (H, W) bool.

    Args:
        index (int): The image's index (its random stream).
        spec (dict): The synthesis parameters (``synthesis_spec``).

    Returns:
        tuple: ``(image, mask)``.
    """
    rng = np.random.default_rng([spec['seed'], index])
    size, wrap = spec['image_size'], spec['wrap']
    image = (_periodic_background if wrap else _background)(rng, size)
    for _ in range(int(rng.integers(1, spec['max_distractors'] + 1))):
        radius = rng.uniform(*DISTRACTOR['radius']) * size
        centre = (rng.uniform(0, size, size=2) if wrap
                  else rng.uniform(radius, size - 1 - radius, size=2))
        _paint(rng, image, _shape_pixels(rng, size, centre, radius, wrap),
               DISTRACTOR['contrast'])
    radius = rng.uniform(*SALIENT['radius']) * size
    centre = _centre(rng, size, radius, spec['center_sigma'], wrap)
    pixels = _shape_pixels(rng, size, centre, radius, wrap)
    _paint(rng, image, pixels, SALIENT['contrast'])
    mask = np.zeros((size, size), bool)
    mask[pixels[0] % size, pixels[1] % size] = True
    image += rng.normal(0, 4, size=image.shape).astype(np.float32)
    return np.clip(np.round(image), 0, 255).astype(np.uint8), mask


def _centre_offset(mask, wrap):
    """Distance of the mask's centre from the image centre, a fraction of the side;
    with ``wrap`` on the torus (circular means, shortest way round)."""
    size = mask.shape[0]
    offset = []
    for coords in np.nonzero(mask):
        if wrap:
            angle = 2 * np.pi * coords / size
            mean = np.arctan2(np.sin(angle).mean(), np.cos(angle).mean())
            distance = abs(mean * size / (2 * np.pi) % size - (size - 1) / 2)
            offset.append(min(distance, size - distance))
        else:
            offset.append(coords.mean() - (size - 1) / 2)
    return float(np.hypot(*offset) / size)


def _write_split(root, split, first_index, count, spec):
    """Write a split; return its salient-pixel share and mean centre offset."""
    for folder in ('img_dir', 'ann_dir'):
        os.makedirs(osp.join(root, folder, split))
    share, offset = [], []
    for index in range(first_index, first_index + count):
        image, mask = render_image(index, spec)
        share.append(mask.mean())
        offset.append(_centre_offset(mask, spec['wrap']))
        name = f'{index:06d}.png'
        cv2.imwrite(osp.join(root, 'img_dir', split, name), image)
        cv2.imwrite(osp.join(root, 'ann_dir', split, name), mask.astype(np.uint8) * 255)
    return dict(salient_share=float(np.mean(share)),
                mean_centre_offset=float(np.mean(offset)))


def generate_synthetic_saliency(root, **synthesis):
    """Write the dataset to ``root`` unless it is there with the same parameters.

    Only into a new or empty folder, or one posseg wrote (see ``generated_folder``);
    safe to call from several processes at once.

    Args:
        root (str): Output folder, e.g. ``data/synthetic_saliency``.
        **synthesis: Overrides of ``DEFAULT_SYNTHESIS``.

    Returns:
        str: ``root``.
    """
    spec = synthesis_spec(synthesis)
    meta = dict(generator_version=GENERATOR_VERSION, **spec)

    def write(folder):
        bias = ('uniform' if spec['center_sigma'] is None
                else f"centre bias sigma {spec['center_sigma']}")
        print_log(f'generating synthetic saliency data in {root} ({spec["num_train"]}'
                  f' train + {spec["num_val"]} val images, {bias})', logger='current')
        stats = dict(
            train=_write_split(folder, 'train', 0, spec['num_train'], spec),
            val=_write_split(folder, 'val', spec['num_train'], spec['num_val'], spec))
        with open(osp.join(folder, 'meta.json'), 'w') as f:
            json.dump(dict(meta, stats=stats), f, indent=1)

    return ensure_generated(root, NAME, meta, write)


def position_only_scores(root):
    """What knowing only where a pixel lies scores on a generated set's val split.

    The map is the share of training masks salient at each pixel; every val image
    gets it, scored as :class:`SaliencyMetric` scores a prediction. A constant map
    (no position) is scored beside it. Both settings of ``center_sigma`` have a
    position prior: the salient object always fits in the image, so pixels near
    the edge are rarely salient; the centre bias sharpens it.

    Args:
        root (str): A generated folder (``ann_dir/train``, ``ann_dir/val``).

    Returns:
        dict: ``position`` and ``constant``, each the metrics of ``METRIC_NAMES``.
    """
    def masks(split):
        folder = osp.join(root, 'ann_dir', split)
        return [cv2.imread(osp.join(folder, name), cv2.IMREAD_GRAYSCALE) > 0
                for name in sorted(os.listdir(folder))]
    prior = np.mean(masks('train'), axis=0)
    val = masks('val')
    return {name: summarize([score_image(pred, mask) for mask in val])
            for name, pred in (('position', prior),
                               ('constant', np.full_like(prior, 0.5)))}


@DATASETS.register_module()
class SyntheticSaliencyDataset(SaliencyDataset):
    """:class:`SaliencyDataset` over the embedded data, generated on first use.

    Args:
        synthesis (dict, optional): Overrides of ``DEFAULT_SYNTHESIS``; use the same
            value for the train and val datasets of a config.
        **kwargs: As :class:`SaliencyDataset`.
    """

    @staticmethod
    def check_data_root(data_root):
        """Raise ``DataFolderError`` unless the data may be generated in
        ``data_root`` (the tools check it before a run starts)."""
        check_data_folder(data_root, NAME)

    def __init__(self, synthesis=None, **kwargs):
        generate_synthetic_saliency(kwargs['data_root'], **(synthesis or {}))
        super().__init__(**kwargs)
