@testable import Reporting

/// A realistic two-arm report with numbers of the size the PEER trial (NCT04639167) reports for
/// QPR-15: 296 randomized 1:1, EMMs 37.3 [35.4, 39.1] vs 32.1 [30.2, 34.1] at week 26.
/// Invented for layout and formatting tests; not trial results.
enum SampleReport {
    static let arms = ["PEER", "SAU"]
    static let visits = ["Baseline", "Week 12", "Week 26"]

    static func document(title: String = "Peer support for people with mental illness (PEER)", armNames: [String] = arms) -> ReportDocument {
        ReportDocument(
            title: title,
            registrationID: "NCT04639167",
            generatedAt: "2026-11-23T15:00:00Z",
            protocolChecksum: "3f7a9c0e5b1d2468ace013579bdf2468ace013579bdf2468ace013579bdf2468",
            dataSnapshotHash: "9b1e2d3c4f5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            armNames: armNames,
            consort: ConsortFlow(
                assessed: 412, excludedAtScreening: 116, randomized: 296,
                arms: [
                    .init(allocated: 148, visits: [.init(visit: "Week 12", withData: 131), .init(visit: "Week 26", withData: 124)], analysed: 140),
                    .init(allocated: 148, visits: [.init(visit: "Week 12", withData: 128), .init(visit: "Week 26", withData: 121)], analysed: 138),
                ]),
            baseline: BaselineTable(rows: [
                .init(label: "Age, years, mean (SD)", values: ["41.2 (12.8)", "40.6 (13.1)"], total: "40.9 (12.9)"),
                .init(label: "Sex", values: [], kind: .header),
                .init(label: "Female, n (%)", values: ["89 (60.1%)", "92 (62.2%)"], total: "181 (61.1%)"),
                .init(label: "Male, n (%)", values: ["59 (39.9%)", "56 (37.8%)"], total: "115 (38.9%)"),
                .init(label: "QPR-15 at baseline, mean (SD)", values: ["30.4 (10.7)", "30.9 (11.1)"], total: "30.6 (10.9)"),
            ]),
            outcomes: [
                outcome("qpr15", "QPR-15 (personal recovery)", .primary, means: [(37.3, 35.4, 39.1), (32.1, 30.2, 34.1)],
                        difference: (5.1, 2.4, 7.8), p: 0.00024, d: (0.43, 0.20, 0.66)),
                outcome("sdhs", "Social functioning (SDHS)", .secondary, means: [(24.8, 23.9, 25.7), (23.6, 22.7, 24.5)],
                        difference: (1.2, -0.1, 2.5), p: 0.071, d: (0.21, -0.02, 0.44)),
                outcome("who5", "Wellbeing (WHO-5)", .secondary, means: [(52.1, 48.9, 55.3), (49.8, 46.6, 53.0)],
                        difference: (2.3, -2.2, 6.8), p: 0.318, d: (0.12, -0.11, 0.35)),
                outcome("loneliness", "Loneliness (UCLA-3)", .exploratory, means: [(5.9, 5.6, 6.2), (6.2, 5.9, 6.5)],
                        difference: (-0.3, -0.7, 0.1), p: 0.142, d: (-0.17, -0.40, 0.06)),
            ],
            trajectory: Trajectory(
                outcomeLabel: "QPR-15", pointDescription: "Estimated marginal mean (95% CI)", visits: visits,
                arms: [
                    [.init(visit: "Baseline", mean: 30.4, lower: 28.6, upper: 32.2, n: 148),
                     .init(visit: "Week 12", mean: 34.9, lower: 33.0, upper: 36.8, n: 131),
                     .init(visit: "Week 26", mean: 37.3, lower: 35.4, upper: 39.1, n: 124)],
                    [.init(visit: "Baseline", mean: 30.9, lower: 29.1, upper: 32.7, n: 148),
                     .init(visit: "Week 12", mean: 31.8, lower: 29.9, upper: 33.7, n: 128),
                     .init(visit: "Week 26", mean: 32.1, lower: 30.2, upper: 34.1, n: 121)],
                ]),
            missingness: [
                .init(arm: 0, visit: "Week 12", observed: 131, missing: 17), .init(arm: 0, visit: "Week 26", observed: 124, missing: 24),
                .init(arm: 1, visit: "Week 12", observed: 128, missing: 20), .init(arm: 1, visit: "Week 26", observed: 121, missing: 27),
            ],
            modelDetails: [
                .init(label: "Estimation", text: "REML"),
                .init(label: "Fixed effects", text: "arm × visit, baseline QPR-15, municipality (stratification factor)"),
                .init(label: "Missing data", text: "Likelihood-based: all observed values used, missing at random assumed"),
            ],
            software: [.init(name: "TrialKit", version: "0.3.0"), .init(name: "Swift", version: "6.3"), .init(name: "OpenBLAS", version: "0.3.21")])
    }

    static func outcome(
        _ name: String, _ label: String, _ role: OutcomeResult.Role, means: [(Double, Double, Double)],
        difference: (Double, Double, Double), p: Double, d: (Double, Double, Double)
    ) -> OutcomeResult {
        OutcomeResult(
            name: name, label: label, role: role, visit: "Week 26",
            marginalMeans: means.map { Estimate($0.0, lower: $0.1, upper: $0.2) },
            difference: Estimate(difference.0, lower: difference.1, upper: difference.2),
            contrast: "PEER − SAU", pValue: p, cohenD: Estimate(d.0, lower: d.1, upper: d.2),
            standardiser: "pooled baseline SD (10.9)", formula: "\(name) ~ arm * visit + \(name)_0 + municipality + (1 | id)",
            covariance: role == .primary ? "unstructured" : nil, dfMethod: "Kenward–Roger", degreesOfFreedom: 271.4,
            participants: 278, observations: 801)
    }
}
