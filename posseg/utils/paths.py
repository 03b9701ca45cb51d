"""Where posseg lives: the repository root (configs/, tools/, data/README.md)."""
import os.path as osp

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
