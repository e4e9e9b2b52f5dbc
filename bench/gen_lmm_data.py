#!/usr/bin/env python3
"""Seeded benchmark data for `y ~ arm*t + site + (1+t|id)`.

Each participant has 4 visits (t = 0, 1, 2, 3), a 1:1 arm (`control`/`treated`, drawn at random),
one of 5 sites (S1..S5), a random intercept (SD 4) and slope (SD 1, correlation 0.3), and residual
SD 3. Mean: 30 + 2 arm + 0.8 t + 0.6 arm t + site effect (0, 1.5, -1, 0.5, 2).
The same PARTICIPANTS and SEED always give the same file (NumPy PCG64).

Usage: gen_lmm_data.py PARTICIPANTS OUT.csv [SEED]
"""
import sys

import numpy as np

VISITS = 4


def main() -> None:
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    participants = int(sys.argv[1])
    out = sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261123
    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 2, participants)
    site = rng.integers(0, 5, participants)
    cov = np.array([[16.0, 0.3 * 4 * 1], [0.3 * 4 * 1, 1.0]])
    effects = rng.multivariate_normal([0.0, 0.0], cov, participants)
    residual = rng.normal(0.0, 3.0, (participants, VISITS))
    site_effect = np.array([0.0, 1.5, -1.0, 0.5, 2.0])
    t = np.arange(VISITS)
    mu = (30 + 2.0 * arm[:, None] + 0.8 * t[None, :] + 0.6 * arm[:, None] * t[None, :]
          + site_effect[site][:, None])
    y = mu + effects[:, [0]] + effects[:, [1]] * t[None, :] + residual
    arm_names = np.array(["control", "treated"])
    with open(out, "w") as f:
        f.write("id,arm,site,t,y\n")
        for i in range(participants):
            prefix = f"P{i:06d},{arm_names[arm[i]]},S{site[i] + 1},"
            f.write("".join(f"{prefix}{v},{y[i, v]:.6f}\n" for v in range(VISITS)))


if __name__ == "__main__":
    main()
