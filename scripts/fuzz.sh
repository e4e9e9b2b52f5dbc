#!/usr/bin/env bash
# Runs each libFuzzer target for a while; see docs/hardening.md.
# Usage: scripts/fuzz.sh BINARY SECONDS TARGET...
# Seeds come from fixtures/fuzz/<target>/corpus and .../regressions; new corpus entries go to
# .build-fuzz/corpus/<target> (never into fixtures); crashes go to .build-fuzz/artifacts/<target>/.
set -uo pipefail
binary="$1"; seconds="$2"; shift 2
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/.build-fuzz"
export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1"
status=0
summary=""
for target in "$@"; do
    corpus="$work/corpus/$target"; artifacts="$work/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    log="$work/fuzz-$target.log"
    echo "fuzz: $target for ${seconds}s (log $log)"
    seeds=()  # libFuzzer stops on a missing directory; a target may have no regressions yet
    for dir in "$root/fixtures/fuzz/$target/corpus" "$root/fixtures/fuzz/$target/regressions"; do
        [ -d "$dir" ] && seeds+=("$dir")
    done
    TRIALKIT_FUZZ_TARGET="$target" "$binary" "$corpus" "${seeds[@]}" \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=4096 \
        -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
    code=$?
    runs="$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')"
    rate="$(grep -E '^stat::average_exec_per_sec' "$log" | awk '{print $2}')"
    cov="$(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 | grep -oE 'cov: [0-9]+')"
    crashes="$(find "$artifacts" -type f | wc -l)"
    line="$target: ${runs:-?} executions, ${rate:-?} exec/s, ${cov:-cov: ?}, exit $code, $crashes crash file(s) in $artifacts"
    echo "fuzz: $line"
    summary+="$line"$'\n'
    [ "$code" -ne 0 ] && status=1
done
printf '\nfuzz summary\n%s' "$summary"
[ $status -ne 0 ] && echo "fuzz: a target crashed; copy the input into fixtures/fuzz/<target>/regressions/, fix the parser, and run the regression test (swift test --filter FuzzRegressionTests)." >&2
exit $status
