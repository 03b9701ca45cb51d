"""Config mistakes found before a run starts, each told in one line: what, where, fix.

- ``read_config``: a config file that does not parse (syntax, a missing ``_base_``);
- ``check_cfg_options``: ``--cfg-options`` keys a config's class does not take, and
  mmcv layer configs (``conv_cfg`` ...) that the options would leave without a type;
- ``build_model``: the model built on the meta device (no memory, no weights), its
  errors traced back to the config key whose dict failed to build.
"""
import copy
import difflib
import inspect
import os.path as osp
import tempfile
import warnings

import torch
from mmengine.config import Config
from mmengine.registry import (DATASETS, HOOKS, LOOPS, METRICS, MODELS,
                               OPTIM_WRAPPERS, OPTIMIZERS, PARAM_SCHEDULERS,
                               DefaultScope)

from .errors import PossegError

# top-level config sections whose dicts (with a ``type``) a registry builds
SECTION_REGISTRIES = dict(
    model=MODELS, train_dataloader=DATASETS, val_dataloader=DATASETS,
    test_dataloader=DATASETS, val_evaluator=METRICS, test_evaluator=METRICS,
    default_hooks=HOOKS, custom_hooks=HOOKS, param_scheduler=PARAM_SCHEDULERS,
    optim_wrapper=OPTIM_WRAPPERS)
# keys an mmcv layer builder takes out of its cfg before building the layer
BUILDER_KEYS = {'norm_cfg': {'requires_grad'}}
TYPED_LAYER_CFGS = ('conv_cfg', 'norm_cfg', 'act_cfg')


class ConfigError(PossegError):
    """A config that cannot be run as written."""


def read_config(path):
    """``Config.fromfile`` with its failures as one line naming the file.

    Args:
        path (str): The config file (it exists).

    Returns:
        Config
    """
    try:
        return Config.fromfile(path)
    except SyntaxError as err:
        where = _syntax_error_location(path, err)
        raise ConfigError(f'{where}: invalid Python ({err.msg}); fix the file, '
                          'a config is Python code') from None
    except FileNotFoundError as err:
        missing = _missing_base(path)
        if missing:
            parent, base, resolved = missing
            raise ConfigError(
                f'{parent}: _base_ {base!r} not found (looked for {resolved}); '
                "a relative _base_ is relative to the file that names it; "
                "package configs are written 'mmdet::<dir>/<file>.py'") from None
        raise ConfigError(f'{path}: {err}') from None
    except (ImportError, KeyError, NameError, TypeError, ValueError,
            AttributeError) as err:
        raise ConfigError(f'{path}: {type(err).__name__}: {err}') from None


def _syntax_error_location(path, err):
    """``file, line N`` of a syntax error in ``path`` or one of its bases."""
    for file in [path] + [b for _, _, b in _bases(path)]:
        try:
            compile(open(file).read(), file, 'exec')
        except SyntaxError as found:
            return f'{file}, line {found.lineno}'
        except OSError:
            continue
    return path


def _bases(path, seen=None):
    """``(parent, base as written, resolved path)`` of every local ``_base_``,
    depth first; package bases (``mmdet::``) are left out."""
    seen = seen if seen is not None else set()
    if path in seen or not osp.isfile(path):
        return []
    seen.add(path)
    try:
        with tempfile.TemporaryDirectory() as tmp:  # {{$ENV:default}} as mmengine
            text = osp.join(tmp, 'config.py')
            Config._substitute_env_variables(path, text)
            names = Config._get_base_files(text)
    except Exception:  # noqa: BLE001  (unparsable: reported by the caller)
        return []
    found = []
    for base in names:
        if '::' in base:
            continue
        resolved = osp.normpath(osp.join(osp.dirname(path), base))
        found.append((path, base, resolved))
        found += _bases(resolved, seen)
    return found


def _missing_base(path):
    return next(((parent, base, resolved) for parent, base, resolved in _bases(path)
                 if not osp.isfile(resolved)), None)


def _registry_class(registry, name, scope):
    """The class registered as ``name`` (None when it is not found)."""
    if not isinstance(name, str):
        return name if inspect.isclass(name) or callable(name) else None
    with registry.switch_scope_and_registry(scope) as reg:
        return reg.get(name)


def _registered_names(registry, scope):
    with registry.switch_scope_and_registry(scope) as reg:
        names, current = set(), reg
        while current is not None:
            names |= set(current.module_dict)
            current = current.parent
    return sorted(names)


def _arguments(cls):
    """The keyword arguments a class (or function) takes.

    A class whose ``__init__`` takes ``**kwargs`` is followed into its bases (they
    usually receive them).

    Returns:
        tuple[list[str], bool]: The argument names, and whether it takes any name
        (``**kwargs`` all the way up).
    """
    names = []
    chain = ([c.__init__ for c in cls.__mro__ if '__init__' in vars(c)]
             if inspect.isclass(cls) else [cls])
    for function in chain:
        try:
            params = list(inspect.signature(function).parameters.values())
        except (TypeError, ValueError):
            return names, True
        names += [p.name for p in params if p.name not in names and p.name != 'self'
                  and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
        if not any(p.kind == p.VAR_KEYWORD for p in params):
            return names, False
    return names, True


def _owner_class(cfg, path, owner):
    """The class that will be built from the dict at ``path`` (None if unknown)."""
    scope = cfg.get('default_scope')
    if len(path) == 1 and path[0] in ('train_cfg', 'val_cfg', 'test_cfg'):
        if 'type' in owner:
            return _registry_class(LOOPS, owner['type'], scope)
        if path[0] == 'train_cfg':
            name = ('IterBasedTrainLoop' if 'max_iters' in owner else
                    'EpochBasedTrainLoop' if 'max_epochs' in owner else None)
        else:
            name = 'ValLoop' if path[0] == 'val_cfg' else 'TestLoop'
        return name and _registry_class(LOOPS, name, scope)
    if path[:2] == ['optim_wrapper', 'optimizer'] and 'type' in owner:
        return _registry_class(OPTIMIZERS, owner['type'], scope)
    registry = SECTION_REGISTRIES.get(path[0])
    if registry is None or 'type' not in owner or 'init_cfg' in path:
        return None
    return _registry_class(registry, owner['type'], scope)


def _closest(word, choices):
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f'did you mean {close[0]}? ' if close else ''


def check_cfg_options(cfg, options):
    """Refuse ``--cfg-options`` keys that the config cannot take, before merging.

    A key that the config has is always fine. A new key is refused when the dict it
    goes into is built by a class that takes no such argument (the closest argument
    and the class's arguments are named), or when it would create an mmcv layer
    config (``conv_cfg``, ``norm_cfg``, ``act_cfg``) without a ``type``.

    Args:
        cfg (Config): The config, before the options are merged.
        options (dict): ``--cfg-options`` as parsed (``key -> value``).
    """
    for key in options:
        parts = key.split('.')
        node = cfg
        for depth, part in enumerate(parts[:-1]):
            child = _child(node, part)
            if child is None:  # the options create this dict
                layer = parts[depth]
                if layer in TYPED_LAYER_CFGS and '.'.join(
                        parts[:depth + 1] + ['type']) not in options:
                    raise ConfigError(
                        f'--cfg-options {key}: {".".join(parts[:depth + 1])} is '
                        f'{"None" if _has(node, part) else "not set"} in the config, '
                        f'so this makes a {layer} without a type; set '
                        f'{".".join(parts[:depth + 1])}.type too (e.g. '
                        f'{_example_type(layer)})')
                break
            node = child
        else:
            if not isinstance(node, dict) or parts[-1] in node:
                continue
            new_type = options.get('.'.join(parts[:-1] + ['type']))
            owner = node if new_type is None else dict(node, type=new_type)
            cls = _owner_class(cfg, parts[:-1], owner)
            if cls is None:
                continue
            accepted, takes_any = _arguments(cls)
            name = parts[-1]
            if takes_any or name in accepted or name in BUILDER_KEYS.get(
                    parts[-2] if len(parts) > 1 else '', ()):
                continue
            raise ConfigError(
                f'--cfg-options {key}: {cls.__name__} ({".".join(parts[:-1])}) '
                f'takes no argument {name!r}; {_closest(name, accepted)}'
                f'it takes: {", ".join(accepted)}')


def _example_type(layer):
    return dict(conv_cfg='PadConv2d', norm_cfg='BN', act_cfg='ReLU')[layer]


def _has(node, part):
    if hasattr(node, 'keys'):  # dict, ConfigDict, Config
        return part in node
    return isinstance(node, list) and part.isdigit() and int(part) < len(node)


def _child(node, part):
    if hasattr(node, 'keys'):
        return node.get(part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None


def build_model(cfg, config_name):
    """Build ``cfg.model`` on the meta device; a failure is one line with its key.

    Args:
        cfg (Config): The run's config.
        config_name (str): How to name the config in messages (its path).

    Returns:
        nn.Module: The model, its tensors on the meta device (shapes, no data).
    """
    with DefaultScope.overwrite_default_scope(cfg.get('default_scope')), \
            warnings.catch_warnings():
        warnings.simplefilter('ignore')  # the run's own build shows them
        try:
            with torch.device('meta'):
                return MODELS.build(copy.deepcopy(cfg.model))
        except Exception:  # noqa: BLE001  (a module that cannot live on meta?)
            pass
        try:  # the same build on the CPU tells a config error from a meta one
            return MODELS.build(copy.deepcopy(cfg.model))
        except Exception as err:  # noqa: BLE001
            raise ConfigError(f'{config_name}: {describe_build_error(cfg, err)}'
                              ) from None


def describe_build_error(cfg, err):
    """One line on why building from ``cfg`` failed: the config key, the fix.

    The dict being built is the ``cfg`` of the innermost builder call on the failing
    stack (``build_from_cfg``, ``build_conv_layer`` ...); it is found in the config
    by its content.
    """
    target, cls = None, None
    tb = err.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        local = frame.f_locals.get('cfg')
        if frame.f_code.co_name.startswith('build') and isinstance(local, dict):
            target = local
            cls = next((frame.f_locals[k] for k in ('obj_cls', 'conv_layer',
                                                    'norm_layer')
                        if k in frame.f_locals), None)
        tb = tb.tb_next
    text = str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
    message = (text.strip().splitlines() or [''])[0]
    if target is None:
        return f'{type(err).__name__}: {message}'
    where = _find_key(cfg.model, target, 'model') or 'model'
    scope = cfg.get('default_scope')
    if 'must contain the key "type"' in message:
        layer = where.rsplit('.', 1)[-1]
        example = (_example_type(layer) if layer in TYPED_LAYER_CFGS
                   else 'the class to build')
        return f'{where} has no type; set {where}.type (e.g. {example})'
    if 'is not in the' in message and 'registry' in message:
        name = target.get('type')
        return (f'{where}.type {name!r} is not registered; '
                f'{_closest(str(name), _registered_names(MODELS, scope))}'
                'a module of your own needs custom_imports in the config')
    cls = cls or _registry_class(MODELS, target.get('type'), scope)
    label = f'{where} ({getattr(cls, "__name__", target.get("type"))})'
    if isinstance(err, TypeError) and 'unexpected keyword argument' in message:
        name = message.rsplit(' ', 1)[-1].strip("'")
        accepted = _arguments(cls)[0] if cls is not None else []
        return (f'{label} takes no argument {name!r}; {_closest(name, accepted)}'
                f'it takes: {", ".join(accepted)}')
    return f'{label}: {message}'


def _find_key(tree, target, prefix):
    """The key path of the dict in ``tree`` that ``target`` was built from."""
    best = None
    stack = [(prefix, tree)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            if node is target:
                return path
            if node and all(k in target and target[k] == v for k, v in node.items()):
                if best is None or len(node) > best[1]:
                    best = (path, len(node))
            stack += [(f'{path}.{k}', v) for k, v in reversed(list(node.items()))]
        elif isinstance(node, (list, tuple)):
            stack += [(f'{path}.{i}', v) for i, v in reversed(list(enumerate(node)))]
    return best[0] if best else None

