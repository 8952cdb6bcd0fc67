#!/usr/bin/env bash
# Contract test: our .proto subset must match the descriptors shipped in pyspark and delta-spark (and have every
# delta.connect member upstream has), and the check must catch a wrong field number and a missing delta.connect
# field. Counts as four tests in the summary.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$DCE_REPO_DIR"
out="$(mktemp -d)"
npx buf build -o "$out/ours.binpb" || exit 1
passed=0; failed=0
if "$VENV_DIR/bin/python" -W ignore test/contract/check_proto_contract.py "$out/ours.binpb"; then passed=$((passed+1)); else failed=$((failed+1)); fi
if "$VENV_DIR/bin/python" -W ignore test/contract/check_proto_contract.py "$out/ours.binpb" --mutate; then passed=$((passed+1)); else failed=$((failed+1)); fi
if "$VENV_DIR/bin/python" -W ignore test/contract/check_proto_contract.py "$out/ours.binpb" --drop-upstream-field; then passed=$((passed+1)); else failed=$((failed+1)); fi
# The generated TypeScript must be what buf generates now from proto/.
npx buf generate --template buf.gen.yaml -o "$out/gen" >/dev/null 2>&1 || true
if [ -d "$out/gen/src/client/gen" ] && diff -r "$out/gen/src/client/gen" src/client/gen >/dev/null; then
  passed=$((passed+1)); echo "generated code is up to date"
else
  failed=$((failed+1)); echo "src/client/gen differs from what 'npm run proto' generates"
fi
[ -n "${DCE_TEST_SUMMARY:-}" ] && echo "contract $passed $failed 0" >>"$DCE_TEST_SUMMARY"
rm -rf "$out"
[ "$failed" = 0 ]
