#!/usr/bin/env python3
"""Seeded benchmark data for `y ~ arm*t + site + (1+t|id)`.

Each participant has 4 visits (t = 0, 1, 2, 3), a 1:1 arm (`control`/`treated`), one of 5 sites,
a random intercept (SD 4) and slope (SD 1, correlation 0.3), and residual SD 3.
Usage: gen_lmm_data.py PARTICIPANTS OUT.csv [SEED]
"""
import sys
import numpy as np

def main() -> None:
    participants = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261123
    rng = np.random.default_rng(seed)
    visits = 4
    arm = rng.integers(0, 2, participants)
    site = rng.integers(0, 5, participants)
    cov = np.array([[16.0, 0.3 * 4 * 1], [0.3 * 4 * 1, 1.0]])
    re = rng.multivariate_normal([0.0, 0.0], cov, participants)
    site_effect = np.array([0.0, 1.5, -1.0, 0.5, 2.0])
    with open(out, "w") as f:
        f.write("id,arm,site,t,y\n")
        for i in range(participants):
            for t in range(visits):
                mu = 30 + 2.0 * arm[i] + 0.8 * t + 0.6 * arm[i] * t + site_effect[site[i]]
                y = mu + re[i, 0] + re[i, 1] * t + rng.normal(0.0, 3.0)
                f.write(f"P{i:06d},{'treated' if arm[i] else 'control'},S{site[i] + 1},{t},{y:.6f}\n")

if __name__ == "__main__":
    main()
