#!/usr/bin/env bash
# Distributed training with torchrun (see dist_run.sh for NNODES, NODE_RANK,
# MASTER_ADDR, PORT; CPU-only machines run the GPUS processes on gloo).
#   tools/dist_train.sh CONFIG GPUS [train.py args]
if [ $# -lt 2 ]; then
    echo "error: usage: tools/dist_train.sh CONFIG GPUS [train.py args]" >&2
    exit 2
fi
exec "$(dirname "$0")/dist_run.sh" train.py "$2" "$1" "${@:3}"
