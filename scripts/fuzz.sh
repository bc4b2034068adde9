#!/usr/bin/env bash
# The readers' fuzz campaign at scale: by default 10^6 seeded mutations per reader (safetensors, idx, mnist, csv,
# erm-json) on every core, then every truncation of every seed file. Prints, per reader, the cases run and cases/s,
# the outcomes by exception type, the slowest case and the largest allocation (RELIABILITY.md quotes these).
#   bash scripts/fuzz.sh                 # 10^6 cases per reader, a fresh CsCheck seed
#   FUZZ_CASES=100000 bash scripts/fuzz.sh
#   FUZZ_SEED=<seed printed by a failure> bash scripts/fuzz.sh   # repeat a failing campaign
# A failure prints the shrunk case (seed file and mutations) and CsCheck's seed; keep the input under
# tests/Runtime.Tests/TestData/FuzzRegressions with a line in its cases.tsv naming the bug.
#
# Coverage-guided, with AFL++ (Debian's afl++) through SharpFuzz 2.3.0 (tests/AflHarness):
#   bash scripts/fuzz.sh --afl [SECONDS]   # SECONDS per reader (default 300): safetensors, idx, csv, erm-json
# It publishes the harness into .fuzz/, makes each reader's starting corpus with the project's own writers, instruments
# DslNets.dll with the sharpfuzz tool (installed into .fuzz/tools), runs afl-fuzz on each reader, and prints execs,
# execs/s, the corpus AFL grew, crashes and hangs. A crash (an undocumented exception) is replayed with the harness's
# check mode so its stack trace shows; keep its input as a regression case like the CsCheck failures.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == --afl ]]; then
    seconds=${2:-300}
    command -v afl-fuzz >/dev/null || { echo "fuzz.sh --afl: afl-fuzz is missing: apt-get install afl++" >&2; exit 1; }
    work=.fuzz
    mkdir -p "$work"
    [[ -x $work/tools/sharpfuzz ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$work/tools" >/dev/null
    rm -rf "$work/harness"
    dotnet publish tests/AflHarness -c Release -o "$work/harness" --nologo -v quiet
    readers=(safetensors idx csv erm-json)
    # The corpus is written before instrumenting: instrumented code needs AFL's shared memory.
    for reader in "${readers[@]}"; do
        rm -rf "$work/$reader"
        dotnet "$work/harness/DslNets.AflHarness.dll" seeds "$reader" "$work/$reader/in"
    done
    "$work/tools/sharpfuzz" "$work/harness/DslNets.dll"
    status=0
    printf '\n=== AFL++ with SharpFuzz, %s s per reader\n%-12s %12s %10s %8s %8s %6s\n' "$seconds" reader execs execs/s corpus crashes hangs
    for reader in "${readers[@]}"; do
        AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
            timeout $((seconds + 120)) afl-fuzz -i "$work/$reader/in" -o "$work/$reader/out" -t 5000 -m none -V "$seconds" \
            -- dotnet "$work/harness/DslNets.AflHarness.dll" fuzz "$reader" >"$work/$reader/afl.log" 2>&1 || true
        stats="$work/$reader/out/default/fuzzer_stats"
        field() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats" 2>/dev/null; }
        printf '%-12s %12s %10s %8s %8s %6s\n' "$reader" "$(field execs_done)" "$(field execs_per_sec)" "$(field corpus_count)" "$(field saved_crashes)" "$(field saved_hangs)"
        for crash in "$work/$reader"/out/default/crashes/id*; do
            [[ -f $crash ]] || continue
            status=1
            echo "--- $reader crash $crash:"
            dotnet "$work/harness/DslNets.AflHarness.dll" check "$reader" "$crash" 2>&1 | head -20 || true
        done
    done
    exit $status
fi
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
