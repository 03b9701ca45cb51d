"""``import posseg`` for the tools (each imports this first): if posseg or its stack
cannot be imported, one line says why and how to fix it, and the tool exits 1."""
import sys

try:
    import posseg  # noqa: F401  (registers posseg's modules; checks mmcv's ops)
except ModuleNotFoundError as err:
    if err.name != 'posseg':
        sys.exit(f'error: {err}')
    sys.exit(f'error: posseg is not installed in this Python ({sys.executable}); '
             "run the tools with the project's environment, .venv/bin/python (or "
             '`source .venv/bin/activate` first), which `make setup` makes')
except ImportError as err:
    sys.exit(f'error: {err}')
