// Tabular module: see docs/ARCHITECTURE.md.
