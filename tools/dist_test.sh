#!/usr/bin/env bash
# Distributed evaluation with torchrun (see dist_run.sh for NNODES, NODE_RANK,
# MASTER_ADDR, PORT).
#   tools/dist_test.sh CONFIG CHECKPOINT GPUS [test.py args]
if [ $# -lt 3 ]; then
    echo "error: usage: tools/dist_test.sh CONFIG CHECKPOINT GPUS [test.py args]" >&2
    exit 2
fi
exec "$(dirname "$0")/dist_run.sh" test.py "$3" "$1" "$2" "${@:4}"
