#!/usr/bin/env bash
# The test suite as two pytest processes side by side, one per core (most tests wait on
# one core for a tool's subprocess): the tool tests from test_errors.py on, and the rest.
# The rest prints as it goes; the tool tests' output follows when both are done. Exits 0
# only if both pass. Arguments go to both, e.g. -x or -k name.
#   bash tools/run_tests.sh    (make test)
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
TOOLS='tests/tools/test_[e-z]*.py'
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086  (the glob names the files)
"$PY" -m pytest $TOOLS "$@" > "$log" 2>&1 &
tools=$!
"$PY" -m pytest tests --ignore-glob="$TOOLS" "$@"
rest=$?
wait "$tools"
status=$?
echo "--- tests/tools/test_[e-z]*.py (run beside the above) ---"
cat "$log"
exit $((rest || status))
