#!/usr/bin/env bash
# torchrun launcher shared by dist_train.sh and dist_test.sh.
#   tools/dist_run.sh SCRIPT NPROC [script args]
# Multi-node: NNODES, NODE_RANK, MASTER_ADDR and PORT as in mmdet. Without GPUs the
# processes run on the CPU with the gloo backend (tools/train.py and test.py handle it).
# The script first checks its config, checkpoint and data once (--dry-run), so a
# mistake is one line, not one per process; a process failing later ends the run with
# one line too (tools/torchrun.py).
set -euo pipefail
SCRIPT=$1
NPROC=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$( [ -x "$ROOT/.venv/bin/python" ] && echo "$ROOT/.venv/bin/python" || echo python)}
if [[ ! $NPROC =~ ^[0-9]+$ ]] || (( NPROC < 1 )); then
    echo "error: GPUS '$NPROC' is not a number of processes (1 or more)" >&2
    exit 2
fi

"$PYTHON" "$ROOT/tools/$SCRIPT" "${@:3}" --dry-run > /dev/null
exec "$PYTHON" "$ROOT/tools/torchrun.py" \
    --nnodes="${NNODES:-1}" \
    --node_rank="${NODE_RANK:-0}" \
    --master_addr="${MASTER_ADDR:-127.0.0.1}" \
    --nproc_per_node="$NPROC" \
    --master_port="${PORT:-29500}" \
    "$ROOT/tools/$SCRIPT" "${@:3}" --launcher pytorch
