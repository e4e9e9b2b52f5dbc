#!/usr/bin/env python3
"""The MMRM section of BENCHMARKS.md: `trialkit fit --covariance us` vs nlme `gls` (same run).

Data sets:
  - FEV (mmrm's fev_data, 537 observations, 197 subjects, 4 visits; UN = 10 covariance
    parameters) from the SAS oracle directory <package root>/../shared/oracles/fev (or
    $TRIALKIT_ORACLES/fev); skipped with a note when absent;
  - a seeded 1000-participant x 10-visit trial (arm, baseline covariate, AR-like errors, 4 % dropout
    per visit; UN = 55 covariance parameters), generated here.
For each: `trialkit fit ... --covariance us --json` (wall time of the whole command, and the fit-only
and inference times from the JSON), median of BENCH_REPEATS runs after a warm-up, and nlme::gls
(corSymm + varIdent) via bench/gls_fit.R (fit only, data loaded). REML criteria are compared.

Usage: mmrm_section.py BIN WORK        Environment: BENCH_REPEATS (default 3),
BENCH_MMRM_GLS_LARGE=0 to skip gls on the large data (it takes minutes).
"""
import json
import os
import random
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEED = 20261123


def log(message):
    print(message, file=sys.stderr, flush=True)


def generate_large(path, subjects=1000, visits=10):
    """Seeded data: y = 0.5 base + visit + 0.3 visit (TRT) + u + AR(0.7) error, monotone dropout."""
    rng = random.Random(SEED)
    with open(path, "w") as f:
        f.write("id,visit,arm,base,y\n")
        for s in range(subjects):
            arm = "TRT" if s % 2 else "PBO"
            base = 50 + 10 * rng.gauss(0, 1)
            u, e, dropped = 5 * rng.gauss(0, 1), 0.0, False
            for v in range(visits):
                e = 0.7 * e + 4 * rng.gauss(0, 1) * (1 + 0.05 * v)
                if v > 0 and rng.random() < 0.04:
                    dropped = True
                y = "NA" if dropped else f"{0.5 * base + v + (0.3 * v if arm == 'TRT' else 0) + u + e:.4f}"
                f.write(f"P{s:05d},V{v + 1:02d},{arm},{base:.4f},{y}\n")


def trialkit(binary, data, arguments, repeats):
    command = [binary, "fit", data] + arguments + ["--json"]
    def once():
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if completed.returncode != 0:
            raise SystemExit(f"trialkit failed ({completed.returncode}): {completed.stderr}")
        return wall, json.loads(completed.stdout)
    once()
    runs = [once() for _ in range(repeats)]
    last = runs[-1][1]
    return {"wall": statistics.median(r[0] for r in runs),
            "fit": statistics.median(r[1]["timings"]["fit_seconds"] for r in runs),
            "inference": statistics.median(r[1]["timings"]["inference_seconds"] for r in runs),
            "reml": last["reml_criterion"], "iterations": last["fit"]["iterations"], "nobs": last["nobs"],
            "converged": last["converged"]}


def gls(data, formula, subject, visit, repeats, references):
    command = ["Rscript", os.path.join(HERE, "gls_fit.R"), data, formula, subject, visit, str(repeats)] + references
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise SystemExit(f"gls failed: {completed.stderr}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main():
    binary, work = sys.argv[1], sys.argv[2]
    repeats = int(os.environ.get("BENCH_REPEATS", "3"))
    oracles = os.environ.get("TRIALKIT_ORACLES") or os.path.join(ROOT, "..", "shared", "oracles")
    cases = []
    fev = os.path.join(oracles, "fev", "fev_data.csv")
    if os.path.exists(fev):
        cases.append(("FEV (537 obs, 197 subjects, 4 visits, 10 parameters)", fev,
                      "FEV1 ~ ARMCD * AVISIT + RACE + SEX", "USUBJID", "AVISIT",
                      ["ARMCD=PBO", "RACE=Asian", "SEX=Male"], repeats))
    else:
        log(f"bench mmrm: {fev} not found; FEV row skipped")
    large = os.path.join(work, "mmrm_1000x10.csv")
    generate_large(large)
    cases.append(("1000 participants x 10 visits (55 parameters, seeded)", large, "y ~ base + arm * visit", "id",
                  "visit", ["arm=PBO"], 1 if os.environ.get("BENCH_MMRM_GLS_LARGE", "1") != "0" else 0))
    rows = []
    for label, data, formula, subject, visit, references, gls_repeats in cases:
        log(f"bench mmrm: {label}")
        arguments = ["--formula", formula, "--covariance", "us", "--subject", subject, "--time", visit]
        for reference in references:
            arguments += ["--ref", reference]
        ours = trialkit(binary, data, arguments, repeats)
        kr = trialkit(binary, data, arguments + ["--df", "kenward-roger"], repeats)
        theirs = gls(data, formula, subject, visit, gls_repeats, references) if gls_repeats else None
        rows.append((label, ours, kr, theirs))
    print("## MMRM (`trialkit fit --covariance us`) vs nlme `gls`")
    print()
    print("Unstructured covariance, REML. trialkit: median of "
          f"{repeats} runs after a warm-up; *fit* = `timings.fit_seconds` of the JSON (frame built, "
          "MIVQUE0 start, Newton-Raphson, final Hessian), *+ Satterthwaite* / *+ KR* = `inference_seconds` "
          "(all coefficients and the Type 3 tests), *command* = wall time of the whole process (CSV read included). nlme: "
          "`gls(corSymm + varIdent)`, data loaded, fit only.")
    print()
    print("| data | trialkit fit | + Satterthwaite | + KR | trialkit command | iterations | nlme gls | gls / trialkit fit | −2 REML log L trialkit | gls |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, ours, kr, theirs in rows:
        gls_time = ms(theirs["seconds"]) if theirs else "skipped"
        ratio = f"{theirs['seconds'] / ours['fit']:.0f}x" if theirs else ""
        gls_crit = f"{theirs['reml_criterion']:.6f}" if theirs else ""
        print(f"| {label} | {ms(ours['fit'])} | {ms(ours['inference'])} | {ms(kr['inference'])} | {ms(ours['wall'])} "
              f"| {ours['iterations']} | {gls_time} | {ratio} | {ours['reml']:.6f} | {gls_crit} |")
    print()
    with open(os.path.join(work, "mmrm_results.json"), "w") as f:
        json.dump([{"label": r[0], "trialkit": r[1], "kenward_roger": r[2], "gls": r[3]} for r in rows], f, indent=1)


if __name__ == "__main__":
    main()
