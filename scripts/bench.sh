#!/usr/bin/env bash
# Benchmarks TrialKit against the reference software and writes BENCHMARKS.md at the package root.
# Usage: scripts/bench.sh BIN [SECTION...]    (make bench passes .build/release/trialkit)
#
# Sections (default: all): lmm   `trialkit fit` vs lme4 vs statsmodels (bench/lmm_section.py)
#                           mmrm  `trialkit fit --covariance us` vs nlme gls (bench/mmrm_section.py)
#                           crf   `trialkit crf validate` values/s, 1M-row memory, one-line file (bench/crf_section.py)
# A section is a function `section_NAME` that prints Markdown on stdout and progress on stderr;
# add one (e.g. MMRM FEV, CRF throughput) by writing the function and listing it in ALL_SECTIONS.
# Environment: BENCH_REPEATS (default 3), BENCH_LMM_SIZES (default "1000 10000 100000"),
#              BENCH_CRF_PARTICIPANTS (default 23334), BENCH_CRF_BIG_PARTICIPANTS (default 333334),
#              BENCH_OUTPUT (default BENCHMARKS.md).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
bin="${1:?usage: scripts/bench.sh PATH-TO-trialkit [SECTION...]}"
shift
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
[ -x "$bin" ] || { echo "bench: $bin is not an executable; build it with 'make build' first." >&2; exit 66; }
ALL_SECTIONS=(lmm mmrm crf)
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=("${ALL_SECTIONS[@]}")
output="${BENCH_OUTPUT:-$root/BENCHMARKS.md}"

work="$(mktemp -d "${TMPDIR:-/tmp}/trialkit-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# --- Tools: GNU time for peak memory, R + lme4, Python + statsmodels. Installed only when missing.
need_debian=()
[ -x /usr/bin/time ] || need_debian+=(time)
if ! command -v Rscript >/dev/null 2>&1 || ! Rscript -e 'suppressPackageStartupMessages(library(lme4))' >/dev/null 2>&1; then
    need_debian+=(r-base-core r-cran-lme4)
fi
python3 -c 'import numpy' >/dev/null 2>&1 || need_debian+=(python3-numpy)
if [ ${#need_debian[@]} -gt 0 ]; then "$here/install-deps.sh" "${need_debian[@]}"; fi
if ! python3 -c 'import statsmodels, pandas' >/dev/null 2>&1; then
    echo "bench: installing statsmodels with pip" >&2
    python3 -m pip install --quiet statsmodels
fi

# --- The machine and the versions of everything timed.
machine() {
    local cpu memory os blas
    cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    memory="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    os="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")"
    blas="$(dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' 'libopenblas0*' 2>/dev/null \
        | awk '$1 == "ii" {printf "%s%s %s", sep, $2, $3; sep = ", "}' || true)"
    echo "| | |"
    echo "|---|---|"
    echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
    echo "| CPU | ${cpu:-unknown}, \`nproc\` = $(nproc) |"
    echo "| memory | $memory |"
    echo "| load average at start | $start_load (other processes share the machine; see \"Noise\" below) |"
    echo "| OS | $os, Linux $(uname -r) |"
    echo "| trialkit | $("$bin" --version) (release build), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown) |"
    echo "| Swift | $(swift --version 2>/dev/null | head -1 || echo unknown) |"
    echo "| BLAS | ${blas:-unknown} (OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-default}) |"
    echo "| R | $(Rscript -e 'cat(R.version.string, "; lme4", as.character(packageVersion("lme4")), "; Matrix", as.character(packageVersion("Matrix")))' 2>/dev/null) |"
    echo "| Python | $(python3 -c 'import sys, numpy, pandas, statsmodels; print(sys.version.split()[0], "; statsmodels", statsmodels.__version__, "; pandas", pandas.__version__, "; numpy", numpy.__version__)') |"
}

section_lmm() {
    # shellcheck disable=SC2086
    python3 "$root/bench/lmm_section.py" "$bin" "$work" ${BENCH_LMM_SIZES:-}
}

section_mmrm() {
    python3 "$root/bench/mmrm_section.py" "$bin" "$work"
}

section_crf() {
    python3 "$root/bench/crf_section.py" "$bin" "$work"
}

start_load="$(cut -d' ' -f1-3 /proc/loadavg)"
body="$work/body.md"
: > "$body"
for section in "${sections[@]}"; do
    if ! declare -F "section_$section" >/dev/null; then
        echo "bench: unknown section '$section' (sections: ${ALL_SECTIONS[*]})" >&2
        exit 64
    fi
    echo "bench: section $section" >&2
    { "section_$section"; echo; } >> "$body"
done

{
    echo "# Benchmarks"
    echo
    echo "Written by \`make bench\` (\`scripts/bench.sh .build/release/trialkit ${sections[*]}\`); numbers from one"
    echo "run on the machine below. Re-run to reproduce; timings vary by a few percent between runs."
    echo
    machine
    echo
    cat "$body"
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} > "$output.tmp"
[ -f "$root/bench/NOTES.md" ] && { echo; cat "$root/bench/NOTES.md"; } >> "$output.tmp"
mv "$output.tmp" "$output"
echo "bench: wrote $output" >&2
