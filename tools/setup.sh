#!/usr/bin/env bash
# One-command, idempotent setup of posseg's pinned OpenMMLab stack (`make setup`).
#
# - The stack lives in a cache outside the clone, keyed by the Python version and
#   requirements.txt, so fresh clones (CI) reuse one environment instead of leaving
#   gigabytes behind each. `.venv` at the repository root is the clone's own small
#   environment: it sees the cached stack (a .pth file) and has this clone's posseg
#   installed in editable mode, so two clones on one machine never import each
#   other's code.
# - mmcv 2.1.0 is built from its PyPI source with compiled ops and the C++ standard the
#   installed torch needs; the wheel is cached by mmcv, torch, CUDA and Python versions.
#   CUDA ops when torch sees a GPU and nvcc exists, or FORCE_CUDA=1; CPU ops otherwise.
# - It ends by importing mmcv.ops, mmdet.models, mmseg.models and posseg from .venv.
#
# Environment: POSSEG_CACHE (default ~/.cache/posseg), PYTHON (default python3.11),
# FORCE_CUDA=1, MAX_JOBS (parallel compile jobs).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${POSSEG_CACHE:-$HOME/.cache/posseg}
PYTHON=${PYTHON:-python3.11}
MMCV_VERSION=2.1.0

say() { echo "[setup] $*"; }
die() { echo "[setup] ERROR: $*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null || die "$PYTHON not found; install Python 3.11 or run: PYTHON=/path/to/python3.11 make setup"
PYVER=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
KEY=$(cat "$ROOT/requirements.txt" | sha256sum | cut -c1-12)
ENV="$CACHE/envs/py$PYVER-$KEY"
PY="$ENV/bin/python"
PIP=("$PY" -m pip --disable-pip-version-check)
mkdir -p "$CACHE/envs" "$CACHE/wheels"

# 1. The interpreter -------------------------------------------------------------------
if [ -f "$ENV/.posseg-ready" ]; then
    say "reusing environment $ENV"
else
    say "creating environment $ENV (Python $PYVER, requirements $KEY)"
    rm -rf "$ENV"
    "$PYTHON" -m venv "$ENV"
    torch_pins=$(grep -E '^(torch|torchvision)==' "$ROOT/requirements.txt" | xargs)
    say "installing $torch_pins and mmcv's build tools"
    # shellcheck disable=SC2086  # one resolve, so torch cannot lift setuptools past 81
    "${PIP[@]}" install -q $torch_pins "setuptools<81" wheel ninja
fi

# 2. mmcv with compiled ops ------------------------------------------------------------
if [ -f "$ENV/.posseg-ready" ] && "$PY" -c "import mmcv._ext" 2>/dev/null; then
    say "mmcv $MMCV_VERSION with ops already installed"
else
    read -r TORCH_VER CXX_STD HAS_GPU < <("$PY" - <<'EOF'
import collections, re, torch, torch.utils.cpp_extension as ext
# the standard torch's own build flags use most (a docstring may show another)
stds = collections.Counter(re.findall(r"-std=c\+\+(\d\d)", open(ext.__file__).read()))
std = stds.most_common(1)[0][0] if stds else 17
print(torch.__version__.split('+')[0], std, int(torch.cuda.is_available()))
EOF
    )
    if [ "${FORCE_CUDA:-0}" = 1 ] || { [ "$HAS_GPU" = 1 ] && command -v nvcc >/dev/null; }; then
        command -v nvcc >/dev/null || die "FORCE_CUDA=1 but nvcc is not on PATH; install the CUDA toolkit matching torch or unset FORCE_CUDA"
        OPS="cu$(nvcc --version | sed -n 's/.*release \([0-9]*\)\.\([0-9]*\).*/\1\2/p')"
        export FORCE_CUDA=1
    else
        OPS=cpu
    fi
    WHEELS="$CACHE/wheels/mmcv-$MMCV_VERSION-torch$TORCH_VER-$OPS-py$PYVER-cxx$CXX_STD"
    if ! ls "$WHEELS"/mmcv-*.whl >/dev/null 2>&1; then
        say "building mmcv $MMCV_VERSION with $OPS ops, C++$CXX_STD (about 12 min on 2 cores, once per machine)"
        BUILD=$(mktemp -d)
        trap 'rm -rf "$BUILD"' EXIT
        "${PIP[@]}" download -q --no-deps --no-binary :all: --no-build-isolation \
            "mmcv==$MMCV_VERSION" -d "$BUILD" || die "could not download the mmcv $MMCV_VERSION source from PyPI; check the network or pip's index settings"
        tar -xzf "$BUILD"/mmcv-$MMCV_VERSION.tar.gz -C "$BUILD"
        sed -i "s/-std=c++1[47]/-std=c++$CXX_STD/g" "$BUILD/mmcv-$MMCV_VERSION/setup.py"
        say "compiling; log in $BUILD/build.log"
        if ! (cd "$BUILD/mmcv-$MMCV_VERSION" && MMCV_WITH_OPS=1 MAX_JOBS=${MAX_JOBS:-$(nproc)} \
                "${PIP[@]}" wheel -v --no-deps --no-build-isolation . -w "$BUILD/dist" \
                >"$BUILD/build.log" 2>&1); then
            tail -n 30 "$BUILD/build.log" >&2
            cp "$BUILD/build.log" "$CACHE/mmcv-build-failed.log"
            die "building mmcv $MMCV_VERSION with ops failed (full log: $CACHE/mmcv-build-failed.log); posseg will not fall back to an mmcv without ops"
        fi
        mkdir -p "$WHEELS"
        cp "$BUILD"/dist/mmcv-*.whl "$WHEELS"/
    else
        say "using cached wheel $(ls "$WHEELS"/mmcv-*.whl)"
    fi
    "${PIP[@]}" install -q --no-deps --force-reinstall "$WHEELS"/mmcv-*.whl
fi

# 3. The rest of the stack -------------------------------------------------------------
if [ ! -f "$ENV/.posseg-ready" ]; then
    say "installing requirements.txt"
    "${PIP[@]}" install -q -r "$ROOT/requirements.txt"
fi

# 4. The clone's .venv: the cached stack, and this posseg in editable mode ---------------
VENV="$ROOT/.venv"
if [ -L "$VENV" ] || { [ -e "$VENV" ] && [ ! -x "$VENV/bin/python" ]; }; then
    rm -rf "$VENV"  # a link to the cached environment, as older setups made it
fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv --without-pip "$VENV"
purelib() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
echo "import site; site.addsitedir('$(purelib "$PY")')" \
    > "$(purelib "$VENV/bin/python")/posseg-stack.pth"
"$VENV/bin/python" -m pip --disable-pip-version-check install -q --no-deps \
    --no-build-isolation -e "$ROOT" || die "installing posseg into $VENV failed (see above)"
say ".venv: the stack of $ENV, posseg from $ROOT"

# 5. Check -----------------------------------------------------------------------------
say "checking that mmcv.ops, mmdet.models, mmseg.models and posseg import"
"$VENV/bin/python" "$ROOT/tools/check_stack.py" || die "the stack does not import (see above); remove $ENV and run make setup again"
touch "$ENV/.posseg-ready"
say "done: use $VENV/bin/python"
