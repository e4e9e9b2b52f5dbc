/// Reporting: renders a self-contained HTML trial report (CONSORT flow, tables, SVG plots) from a
/// plain input model. It knows nothing of stores, protocols or models.
enum ReportingModule {}
