/// Everything the page template shows, built from a validated ``ReportDocument``.
struct PageView {
    let title: String
    let registrationID: String
    let generatedAt: String
    let protocolChecksum: String
    let dataSnapshotHash: String
    let arms: [ArmHeader]
    let armCount: Int
    let primary: PrimaryView?
    let outcomes: [OutcomeRowView]
    let hasOutcomes: Bool
    let baseline: [BaselineRowView]
    let hasBaseline: Bool
    let hasBaselineTotal: Bool
    let totalAllocated: String
    let consort: ConsortLayout
    let trajectory: TrajectoryLayout?
    let trajectoryOutcome: String
    let trajectoryDescription: String
    let forest: ForestLayout?
    let missingnessVisits: [String]
    let missingness: [MissingnessRowView]
    let hasMissingness: Bool
    let modelDetails: [LabelledText]
    let models: [ModelRowView]
    let software: [SoftwareVersion]

    init(_ document: ReportDocument) {
        title = document.title
        registrationID = document.registrationID
        generatedAt = document.generatedAt
        protocolChecksum = document.protocolChecksum
        dataSnapshotHash = document.dataSnapshotHash
        arms = document.armNames.enumerated().map { arm, name in
            ArmHeader(name: name, colour: Palette.arm(arm), allocated: "n = \(document.consort.arms[arm].allocated)")
        }
        armCount = document.armNames.count

        primary = document.outcomes.first(where: { $0.role == .primary }).map { PrimaryView($0, armNames: document.armNames) }
        outcomes = document.outcomes.map(OutcomeRowView.init)
        hasOutcomes = !document.outcomes.isEmpty

        let hasTotal = document.baseline.rows.contains { $0.total != nil }
        baseline = document.baseline.rows.map { row in
            BaselineRowView(label: row.label, cells: row.kind == .header ? [] : row.values, total: row.total ?? "",
                            isHeader: row.kind == .header, columnSpan: document.armNames.count + (hasTotal ? 2 : 1))
        }
        hasBaseline = !document.baseline.rows.isEmpty
        hasBaselineTotal = hasTotal
        totalAllocated = "n = \(document.consort.randomized)"

        consort = ConsortLayout(flow: document.consort, armNames: document.armNames)
        trajectory = document.trajectory.map { TrajectoryLayout(trajectory: $0, armNames: document.armNames) }
        trajectoryOutcome = document.trajectory?.outcomeLabel ?? ""
        trajectoryDescription = document.trajectory?.pointDescription ?? ""
        forest = document.outcomes.isEmpty ? nil : ForestLayout(outcomes: document.outcomes)

        var visits: [String] = []
        for cell in document.missingness where !visits.contains(cell.visit) { visits.append(cell.visit) }
        missingnessVisits = visits
        missingness = MissingnessRowView.rows(document.missingness, visits: visits, armNames: document.armNames)
        hasMissingness = !document.missingness.isEmpty

        modelDetails = document.modelDetails
        models = document.outcomes.map(ModelRowView.init)
        software = document.software
    }
}
