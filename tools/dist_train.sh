#!/usr/bin/env bash
# Distributed training with torchrun (see dist_run.sh for NNODES, NODE_RANK,
# MASTER_ADDR, PORT; CPU-only machines run the GPUS processes on gloo).
#   tools/dist_train.sh CONFIG GPUS [train.py args]
exec "$(dirname "$0")/dist_run.sh" train.py "$2" "$1" "${@:3}"
