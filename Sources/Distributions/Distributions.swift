// Distributions module: see docs/ARCHITECTURE.md.
