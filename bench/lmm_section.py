#!/usr/bin/env python3
"""The linear-mixed-model section of BENCHMARKS.md: `trialkit fit` vs lme4 vs statsmodels.

For each size (participants x 4 visits) it generates the data once (bench/gen_lmm_data.py, fixed
seed), then on the same file times
  - `trialkit fit DATA --formula F --json`: wall time of the whole command (process start to exit,
    CSV reading included) and the fit-only time from the JSON (`fit.elapsed_seconds`), plus peak
    memory from GNU time -v; both with TrialKit's default (strict) optimizer tolerances and with
    `--tolerance lme4` (lme4's own stopping rules);
  - lme4 `lmer` (bench/lme4_fit.R, fit only, data loaded);
  - statsmodels MixedLM (bench/statsmodels_fit.py, fit only; only up to STATSMODELS_MAX).
It checks that the REML criteria agree and prints a Markdown section on stdout; the raw numbers
go to WORK/lmm_results.json.

Usage: lmm_section.py BIN WORK [SIZES...]     (default sizes 1000 10000 100000)
Environment: BENCH_REPEATS (trialkit and lme4 repeats, default 3).
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

FORMULA = "y ~ arm*t + site + (1+t|id)"
SEED = 20261123
STATSMODELS_MAX = 10_000
HERE = os.path.dirname(os.path.abspath(__file__))


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_trialkit(binary, data, extra):
    """One `trialkit fit` run: wall seconds, the parsed JSON and peak RSS (KiB, or None)."""
    gnu_time = shutil.which("time") if os.path.exists("/usr/bin/time") else None
    command = [binary, "fit", data, "--formula", FORMULA, "--json"] + extra
    time_file = data + ".time"
    if gnu_time:
        command = ["/usr/bin/time", "-v", "-o", time_file] + command
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        raise SystemExit(f"trialkit failed ({completed.returncode}): {completed.stderr}")
    result = json.loads(completed.stdout)
    peak = None
    if gnu_time:
        with open(time_file) as f:
            match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
            peak = int(match.group(1)) if match else None
    return wall, result, peak


def trialkit_series(binary, data, repeats, extra):
    run_trialkit(binary, data, extra)  # warm-up: file cache, dynamic loader; not counted
    runs = [run_trialkit(binary, data, extra) for _ in range(repeats)]
    walls = [r[0] for r in runs]
    fits = [r[1]["fit"]["elapsed_seconds"] for r in runs]
    last = runs[-1][1]
    peaks = [r[2] for r in runs if r[2] is not None]
    return {
        "wall": statistics.median(walls), "fit": statistics.median(fits), "walls": walls, "fits": fits,
        "timings": last["timings"], "reml": last["reml_criterion"], "evaluations": last["fit"]["evaluations"],
        "converged": last["converged"], "peak_kib": max(peaks) if peaks else None,
        "nobs": last["nobs"], "warnings": last["warnings"],
    }


def run_json(command):
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def fmt_seconds(value):
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    binary, work = sys.argv[1], sys.argv[2]
    sizes = [int(s) for s in sys.argv[3:]] or [1_000, 10_000, 100_000]
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    results = []
    for n in sizes:
        data = os.path.join(work, f"lmm_{n}.csv")
        log(f"lmm: generating {n} participants x 4 visits")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_lmm_data.py"), str(n), data, str(SEED)], check=True)
        r = repeats
        log(f"lmm {n}: trialkit ({r} runs)")
        strict = trialkit_series(binary, data, r, [])
        lme4_rules = trialkit_series(binary, data, r, ["--tolerance", "lme4"])
        log(f"lmm {n}: lme4 ({r} runs)")
        lme4 = run_json(["Rscript", os.path.join(HERE, "lme4_fit.R"), data, str(r)])
        statsmodels = None
        if n <= STATSMODELS_MAX:
            log(f"lmm {n}: statsmodels (1 run)")
            statsmodels = run_json([sys.executable, os.path.join(HERE, "statsmodels_fit.py"), data, "1"])
        results.append({"participants": n, "observations": strict["nobs"], "trialkit": strict,
                        "trialkit_lme4_rules": lme4_rules, "lme4": lme4, "statsmodels": statsmodels})
        os.remove(data)
    with open(os.path.join(work, "lmm_results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print(markdown(results, repeats))


def markdown(results, repeats):
    lines = []
    add = lines.append
    add("## Linear mixed model: `trialkit fit` vs lme4 vs statsmodels")
    add("")
    add(f"Model `{FORMULA}` (REML), 4 visits per participant, data from `bench/gen_lmm_data.py` "
        f"(seed {SEED}); every tool fits the same file in the same run.")
    add("")
    add("- **trialkit wall**: the whole `trialkit fit DATA --formula ... --json` process (start-up, CSV "
        "reading, model frame, fit, Satterthwaite df for the fixed effects, JSON), after one "
        f"warm-up run; median of {repeats} runs (lme4 likewise; statsmodels 1 run).")
    add("- **trialkit fit**: `fit.elapsed_seconds` from that JSON: the optimizer and the final "
        "evaluation (`LinearMixedModel.fit`), the counterpart of lme4's `lmer` call. Default "
        "(strict) tolerances; *lme4 rules* = `--tolerance lme4` (lme4's own stopping rules).")
    add("- **lme4**: `system.time(lmer(...))` with the data already in a data frame (model frame, "
        "fit, default `lmerControl()`); **statsmodels**: `MixedLM.fit(reml=True)`, data loaded.")
    add("")
    add("| participants | observations | trialkit wall (s) | trialkit fit (s) | trialkit fit, lme4 rules (s) "
        "| lme4 (s) | statsmodels (s) | lme4 / trialkit fit | lme4 / trialkit wall | statsmodels / trialkit fit |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        t, l, s = r["trialkit"], r["lme4"], r["statsmodels"]
        add(f"| {r['participants']:,} | {r['observations']:,} | {fmt_seconds(t['wall'])} | {fmt_seconds(t['fit'])} "
            f"| {fmt_seconds(r['trialkit_lme4_rules']['fit'])} | {fmt_seconds(l['seconds'])} "
            f"| {fmt_seconds(s['seconds'] if s else None)} | {l['seconds'] / t['fit']:.0f}× "
            f"| {l['seconds'] / t['wall']:.1f}× | {(s['seconds'] / t['fit']) if s else float('nan'):.0f}× |"
            .replace("| nan× |", "| – |"))
    add("")
    add("Where trialkit's wall time goes (seconds, last run; `timings` in the JSON):")
    add("")
    add("| participants | read CSV | model frame | fit | Satterthwaite df | peak memory (MiB) | evaluations (strict / lme4 rules / lme4) |")
    add("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        t = r["trialkit"]
        tm = t["timings"]
        peak = f"{t['peak_kib'] / 1024:.0f}" if t["peak_kib"] else "–"
        add(f"| {r['participants']:,} | {tm['read_seconds']:.3f} | {tm['frame_seconds']:.3f} | {tm['fit_seconds']:.3f} "
            f"| {tm['inference_seconds']:.3f} | {peak} "
            f"| {t['evaluations']} / {r['trialkit_lme4_rules']['evaluations']} / {r['lme4'].get('evaluations', '–')} |")
    add("")
    add("REML criterion at the optimum (agreement check):")
    add("")
    add("| participants | trialkit (strict) | trialkit (lme4 rules) | lme4 | statsmodels | max relative difference |")
    add("|---:|---:|---:|---:|---:|---:|")
    for r in results:
        values = [r["trialkit"]["reml"], r["trialkit_lme4_rules"]["reml"], r["lme4"]["reml"]]
        if r["statsmodels"]:
            values.append(r["statsmodels"]["reml"])
        spread = (max(values) - min(values)) / abs(r["lme4"]["reml"])
        sm = f"{r['statsmodels']['reml']:.6f}" if r["statsmodels"] else "–"
        add(f"| {r['participants']:,} | {values[0]:.6f} | {values[1]:.6f} | {values[2]:.6f} | {sm} | {spread:.1e} |")
    by_size = {r["participants"]: r for r in results}
    if 10_000 in by_size and 100_000 in by_size:
        small, large = by_size[10_000], by_size[100_000]
        add("")
        add("Growth from 10k to 100k participants (10× the data):")
        add("")
        for label, key in [("trialkit fit", "fit"), ("trialkit wall", "wall")]:
            add(f"- {label}: {large['trialkit'][key] / small['trialkit'][key]:.1f}×")
        add(f"- lme4: {large['lme4']['seconds'] / small['lme4']['seconds']:.1f}×")
        ratio = large["lme4"]["seconds"] / large["trialkit"]["fit"]
        growth = large["trialkit"]["fit"] / small["trialkit"]["fit"]
        add("")
        add(f"Targets: ≥ 50× faster than lme4 at 100k (fit vs lmer): **{ratio:.0f}×, "
            f"{'met' if ratio >= 50 else 'missed'}**; ≤ 11× time growth from 10k to 100k (fit): "
            f"**{growth:.1f}×, {'met' if growth <= 11 else 'missed'}**. "
            f"Whole command vs lme4's fit alone at 100k: {large['lme4']['seconds'] / large['trialkit']['wall']:.0f}×; "
            f"wall-time growth {large['trialkit']['wall'] / small['trialkit']['wall']:.1f}×.")
        if large["trialkit"]["peak_kib"]:
            add(f"Peak memory of `trialkit fit` at 100k participants ({large['observations']:,} rows): "
                f"{large['trialkit']['peak_kib'] / 1024:.0f} MiB (GNU time, maximum resident set size).")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
