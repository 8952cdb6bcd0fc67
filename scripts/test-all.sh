#!/usr/bin/env bash
# `npm test`: every test of the project, in order, against real parts. First installs what the machine lacks
# (scripts/setup.sh: npm dependencies, Debian's Chromium, code-server; it prints its plan), then:
#   1. lint + type check   2. provisioning (server, plugin jar)   3. unit tests   4. build   5. proto contract (pyspark/delta-spark descriptors)
#   6. against one local Spark Connect + Delta server: integration tests, Delta's own Python client (conformance),
#      the extension in a real VS Code (e2e)   7. against a stock delta-spark server without our Delta Connect plugin:
#      the Delta integration tests (results compared with step 6's) and the e2e safety scenarios, over SQL
#   8. the server matrix (scripts/matrix/run.sh): a lean suite on each of Spark 4.2/4.1/4.0/3.5/3.4/4.3 and Sail 0.7/0.6, one at a
#      time, and the integration suite on a standalone cluster; it ends with the server × feature table
#   9. reliability (fault injection)   10. the result grid in real Chromium   11. npm start (--reset-samples, ready line)
# Ends with one line "N passed, N failed" over all stages; exits non-zero if any stage failed.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$DCE_REPO_DIR"

bash scripts/setup.sh --for test || die "npm test could not install what it needs (see above); no test ran"

export DCE_TEST_SUMMARY="$(mktemp "${TMPDIR:-/tmp}/dce-test-summary.XXXXXX")"
FAILED_STAGES=()
stage() { # stage NAME CMD...: runs CMD, records a failure of the stage without stopping the run
  local name=$1; shift
  log "=== $name"
  local start=$SECONDS lines
  lines=$(wc -l <"$DCE_TEST_SUMMARY")
  if DCE_TEST_STAGE="$name" "$@"; then
    log "=== $name: ok ($((SECONDS - start)) s)"
  else
    log "=== $name: FAILED ($((SECONDS - start)) s)"
    FAILED_STAGES+=("$name")
    # a stage that failed without reporting any counts (it crashed) counts as one failure
    [ "$(wc -l <"$DCE_TEST_SUMMARY")" -gt "$lines" ] || echo "$name 0 1 0" >>"$DCE_TEST_SUMMARY"
  fi
}
counted() { # counted NAME CMD...: a stage that has no test runner of its own counts as one test
  local name=$1; shift
  if "$@"; then echo "$name 1 0 0" >>"$DCE_TEST_SUMMARY"; else echo "$name 0 1 0" >>"$DCE_TEST_SUMMARY"; return 1; fi
}

stage lint counted lint npm run --silent lint
stage typecheck counted typecheck npm run --silent typecheck
# provisioning first: the unit tests package the .vsix, which holds the server plugin jar it builds
stage provision counted provision bash scripts/provision-server.sh
stage unit npx mocha --config test/unit/.mocharc.json
stage build counted build npm run --silent build
stage contract bash test/contract/run.sh
export DCE_SERVER_CONFS="${DCE_SERVER_CONFS:-spark.sql.session.timeZone=UTC spark.connect.execute.reattachable.senderMaxStreamDuration=1s spark.connect.execute.reattachable.senderMaxStreamSize=1048576}"
rm -rf test-artifacts/dialects
stage server-suites bash scripts/with-server.sh bash scripts/test-server-suites.sh
stage plain-server bash scripts/with-server.sh --no-delta-connect bash scripts/test-plain-server.sh
stage matrix bash scripts/matrix/run.sh
stage reliability npx mocha --config test/reliability/.mocharc.json
[ -f test/grid/.mocharc.json ] && stage grid npx mocha --config test/grid/.mocharc.json
# npm start as a person runs it, in a folder of its own: ready line, --reset-samples (starts its own server)
stage start counted start npx mocha --no-config --require tsx/cjs --timeout 900000 --bail test/start/npmStart.test.ts

awk '{p+=$2; f+=$3; s+=$4} END {printf "%d passed, %d failed", p, f; if (s) printf ", %d skipped", s; printf "\n"}' "$DCE_TEST_SUMMARY" >"$DCE_TEST_SUMMARY.total"
echo
echo "Stages (passed failed skipped):"
sed 's/^/  /' "$DCE_TEST_SUMMARY"
if [ ${#FAILED_STAGES[@]} -gt 0 ]; then echo "Failed stages: ${FAILED_STAGES[*]}"; fi
if [ -s "$DCE_TEST_SUMMARY.failed" ]; then echo "Failed tests:"; sed 's/^/  /' "$DCE_TEST_SUMMARY.failed"; fi
cat "$DCE_TEST_SUMMARY.total"
rm -f "$DCE_TEST_SUMMARY" "$DCE_TEST_SUMMARY.total" "$DCE_TEST_SUMMARY.failed"
[ ${#FAILED_STAGES[@]} -eq 0 ]
