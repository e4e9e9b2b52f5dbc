/// Analysis: runs a protocol's analysis plan (one model per outcome) on trial data through the
/// statistics core (MixedModels). It knows the trial domain (TrialCore, CRF scores) but not the
/// store or the command line: callers hand it data already read from the store.
enum AnalysisModule {}
