#!/usr/bin/env python3
"""Times statsmodels MixedLM (REML) on a benchmark CSV, fit only (data read before the clock).

Model: y ~ arm * t + site with a random intercept and slope in t per id (re_formula "~t"),
statsmodels' default optimizer settings. Prints one JSON line; `reml` is -2 * the REML
log-likelihood, comparable with lme4's REML criterion.
Usage: statsmodels_fit.py DATA.csv REPEATS
"""
import json
import sys
import time
import warnings

import pandas as pd
import statsmodels
import statsmodels.formula.api as smf

if len(sys.argv) != 3:
    sys.exit(__doc__)
data = pd.read_csv(sys.argv[1])
repeats = int(sys.argv[2])
times = []
fit = None
for _ in range(repeats):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("y ~ arm * t + site", data, groups=data["id"], re_formula="~t").fit(reml=True)
    times.append(time.perf_counter() - start)
ordered = sorted(times)
print(json.dumps({"tool": f"statsmodels {statsmodels.__version__}", "seconds": ordered[len(ordered) // 2],
                  "all_seconds": times, "reml": -2 * fit.llf, "converged": bool(fit.converged)}))
