#!/usr/bin/env bash
# The Delta tests against a stock delta-spark server (no Delta Connect plugin, no SQL parameter fix): run by
# scripts/test-all.sh under `scripts/with-server.sh --no-delta-connect`. Delta operations go over SQL there; the
# integration suite's Delta files compare their results with those the plugin server recorded earlier in the run
# (test-artifacts/dialects/), and the e2e safety scenarios (confirm first, Cancel sends nothing, written once) run in
# a real VS Code against it, with the Query Plan, clustering and result tab scenarios. Kept lean: only the Delta files
# and those scenarios.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"
[ "${DCE_SERVER_DELTA_CONNECT:-1}" = 0 ] || die "test-plain-server.sh runs under scripts/with-server.sh --no-delta-connect"
rc=0
# The integration suite's settings (test/integration/.mocharc.json) with the Delta files only. The hostile-name tests
# of the SQL forms already ran on the plugin server (its SQL dialect forced), so they are left out here.
DCE_TEST_STAGE=plain-integration npx mocha --no-config --require tsx/cjs --require test/integration/hooks.ts --timeout 300000 --slow 10000 \
  --reporter test/support/summaryReporter.js --grep 'Delta over SQL: hostile names' --invert \
  test/integration/delta.test.ts test/integration/deltaDialect.test.ts test/integration/insights.test.ts test/integration/tableDdl.test.ts test/integration/vacuumedVersions.test.ts test/integration/dmlChecks.test.ts || rc=1
if [ -f test/e2e/run.mjs ]; then
  # The .vsix the plugin server's e2e stage packaged (packaged again when missing).
  skip_package=0; [ -f dist/delta-connect-explorer.vsix ] && skip_package=1
  DCE_TEST_STAGE=plain-e2e DCE_E2E_ONLY=ui DCE_E2E_SKIP_PACKAGE=$skip_package DCE_E2E_ARTIFACTS=test-artifacts/e2e-plain \
    DCE_E2E_SCENARIOS='^(browse|history|delta-dialect|delete-rows|update-rows|restore-version|vacuum|merge|drop-feature|clone-replace|create-or-replace|explain-plan|run-metrics|cluster-by|result-tabs|explain-result|table-health)$' \
    node test/e2e/run.mjs || rc=1
fi
exit $rc
