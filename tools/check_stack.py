"""Check that the OpenMMLab stack posseg runs on imports (the end of `make setup`).

Usage: python tools/check_stack.py   -> prints the versions, or one line saying what is
wrong and how to fix it, with a non-zero exit.
"""
import importlib
import sys


def main():
    """Import mmcv.ops, mmdet.models, mmseg.models and posseg; print versions."""
    import posseg_import  # noqa: F401  (posseg, or one line on what is missing)
    import posseg
    try:
        for name in ('mmcv.ops', 'mmdet.models', 'mmseg.models'):
            importlib.import_module(name)
    except ImportError as err:
        sys.exit(f'error: {err}')
    import mmcv, mmdet, mmengine, mmseg, torch  # noqa: E401
    print(f'ok: torch {torch.__version__}, mmengine {mmengine.__version__}, '
          f'mmcv {mmcv.__version__} with ops, mmdet {mmdet.__version__}, '
          f'mmseg {mmseg.__version__}, posseg {posseg.__version__}')


if __name__ == '__main__':
    main()
