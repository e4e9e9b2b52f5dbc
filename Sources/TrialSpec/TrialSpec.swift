// TrialSpec module: see docs/ARCHITECTURE.md.
