#!/usr/bin/env bash
# The readers' fuzz campaign at scale: by default 10^6 seeded mutations per reader (safetensors, idx, mnist, csv,
# erm-json) on every core, then every truncation of every seed file. Prints, per reader, the cases run and cases/s,
# the outcomes by exception type, the slowest case and the largest allocation (RELIABILITY.md quotes these).
#   bash scripts/fuzz.sh                 # 10^6 cases per reader, a fresh CsCheck seed
#   FUZZ_CASES=100000 bash scripts/fuzz.sh
#   FUZZ_SEED=<seed printed by a failure> bash scripts/fuzz.sh   # repeat a failing campaign
# A failure prints the shrunk case (seed file and mutations) and CsCheck's seed; keep the input under
# tests/Runtime.Tests/TestData/FuzzRegressions with a line in its cases.tsv naming the bug.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${FUZZ_CASES:-1000000}
report=$(mktemp)
trap 'rm -f "$report"' EXIT

dotnet build tests/Runtime.Tests -c Release --nologo -v quiet
status=0
DSLNETS_FUZZ_CASES=$cases DSLNETS_FUZZ_SEED=${FUZZ_SEED:-} DSLNETS_FUZZ_REPORT=$report \
  dotnet test tests/Runtime.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~DslNets.Runtime.Tests.Fuzzing.FuzzCampaignTests" || status=$?
echo
echo "=== fuzz campaign: $cases cases per reader on $(nproc) cores"
cat "$report"
exit $status
