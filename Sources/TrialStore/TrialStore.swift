// TrialStore module: see docs/ARCHITECTURE.md.
