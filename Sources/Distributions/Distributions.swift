// Distributions: the t, F, chi-squared and normal distributions used for p-values and
// confidence intervals (see docs/ARCHITECTURE.md).
//
// Every value is computed by R's standalone math library (module CRmath, Debian r-mathlib),
// so results equal R's `pt`, `qt`, `pf`, `qf`, `pchisq`, `qchisq`, `pnorm` and `qnorm`,
// including far tails computed directly rather than as 1 - p.
//
// Public surface: `StudentT`, `FisherF`, `ChiSquared`, `Normal`, `Tail`, `DistributionError`.
// Invalid parameters (df <= 0, probability outside [0, 1], NaN) throw `DistributionError`;
// nothing here traps.
