#!/usr/bin/env bash
# The test suite as two pytest processes side by side, one per core (most tests wait on
# one core for a tool's subprocess): the tool tests from test_errors.py on, and the rest.
# The rest prints as it goes; the tool tests' output follows when both are done. Exits 0
# only if both pass (a half that -k leaves without tests counts as passed). Arguments
# go to both, e.g. -x or -k name. Ctrl-C stops both.
#   bash tools/run_tests.sh    (make test)
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python
TOOLS='tests/tools/test_[e-z]*.py'
NO_TESTS=5  # pytest's exit code when nothing was selected
log=$(mktemp)
# shellcheck disable=SC2086  (the glob names the files)
"$PY" -m pytest $TOOLS "$@" > "$log" 2>&1 &
tools=$!
trap '[ -z "$tools" ] || kill "$tools" 2>/dev/null; rm -f "$log"' EXIT
trap 'exit 130' INT TERM
"$PY" -m pytest tests --ignore-glob="$TOOLS" "$@"
rest=$?
wait "$tools"
status=$?
tools=''  # reaped: its pid may belong to another process now
echo "--- tests/tools/test_[e-z]*.py (run beside the above) ---"
cat "$log"
if [ "$rest" -eq $NO_TESTS ] && [ "$status" -eq $NO_TESTS ]; then
    exit $NO_TESTS
fi
for code in "$rest" "$status"; do
    [ "$code" -eq 0 ] || [ "$code" -eq $NO_TESTS ] || exit 1
done
