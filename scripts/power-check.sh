#!/usr/bin/env bash
# The acceptance check of `simulate-trial --power` at the PEER design (issue #8): 500 simulated
# trials, effect 5.1, SD 11.9, n = 296, a lower effect (3.0) where power is near 0.7, and no
# effect, where the rejection rate is the type I error and must be near alpha = 0.05. Each
# simulated power must lie within 3 Monte-Carlo standard errors, sqrt(a(1 - a)/R), of the
# two-sample t-test approximation a (noncentral t with the ANCOVA variance factor; see
# Sources/TrialSimulation/PowerApproximation.swift). Also prints the wall-clock time.
# Usage: scripts/power-check.sh BIN   (make bench passes .build/release/trialkit)
set -euo pipefail
bin="${1:?usage: scripts/power-check.sh PATH-TO-trialkit}"
root="$(cd "$(dirname "$0")/.." && pwd)"
status=0
for effect in 5.1 3.0 0; do
    start=$SECONDS
    json="$("$bin" simulate-trial --protocol "$root/protocols/peer.yaml" --power --runs 500 --seed 20261123 \
        --effect "qpr15=$effect" --sd 11.9 --json 2>/dev/null)"
    seconds=$((SECONDS - start))
    python3 - "$effect" "$seconds" <<PY || status=1
import json, math, sys
r = json.loads('''$json''')
arm = r["arms"][0]
a, p, runs = arm["approximation"]["power"], arm["power"], r["analysed"]
se = math.sqrt(a * (1 - a) / runs)
ok = abs(p - a) <= 3 * se
print(f"effect {sys.argv[1]}: power {p:.3f} (MC SE {arm['monte_carlo_se']:.3f}, 95% CI {arm['lower']:.3f}-{arm['upper']:.3f}) "
      f"vs t-test approximation {a:.3f}: |diff| = {abs(p - a):.3f} {'<=' if ok else '>'} 3 SE = {3 * se:.3f}; "
      f"{runs} runs in {float(sys.argv[2]):.1f} s")
sys.exit(0 if ok else 1)
PY
done
exit $status
