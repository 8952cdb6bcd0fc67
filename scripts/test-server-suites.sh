#!/usr/bin/env bash
# The suites that need the local server; run by scripts/test-all.sh under scripts/with-server.sh (SPARK_REMOTE set).
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"
rc=0
DCE_TEST_STAGE=integration npx mocha --config test/integration/.mocharc.json || rc=1
"$VENV_DIR/bin/python" -W ignore test/conformance/delta_python_client.py > >(tee "${TMPDIR:-/tmp}/dce-conformance.out") || rc=1
sleep 0.2
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "${TMPDIR:-/tmp}/dce-conformance.out" | tail -1)
if [ -n "$summary" ]; then
  echo "conformance $(echo "$summary" | awk '{print $1, $3}') 0" >>"$DCE_TEST_SUMMARY"
else
  echo "conformance 0 1 0" >>"$DCE_TEST_SUMMARY"
fi
if [ -f test/e2e/run.mjs ]; then
  DCE_TEST_STAGE=e2e node test/e2e/run.mjs || rc=1
fi
exit $rc
