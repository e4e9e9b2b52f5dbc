#!/usr/bin/env python3
"""Times statsmodels MixedLM (REML) on a benchmark CSV, fit only.  Usage: statsmodels_fit.py DATA.csv REPEATS"""
import json, sys, time, warnings
import pandas as pd
import statsmodels
import statsmodels.formula.api as smf

data = pd.read_csv(sys.argv[1])
repeats = int(sys.argv[2])
times = []
for _ in range(repeats):
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = smf.mixedlm("y ~ arm * t + site", data, groups=data["id"], re_formula="~t").fit(reml=True)
    times.append(time.perf_counter() - start)
times.sort()
print(json.dumps({"tool": f"statsmodels {statsmodels.__version__}", "seconds": times[len(times) // 2],
                  "reml": -2 * fit.llf}))
