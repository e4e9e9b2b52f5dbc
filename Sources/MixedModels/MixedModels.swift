// MixedModels module: see docs/ARCHITECTURE.md.
