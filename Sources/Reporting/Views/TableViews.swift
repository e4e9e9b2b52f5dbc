/// Table rows for the templates: every cell already a formatted string.
struct ArmHeader {
    let name: String
    let colour: String
    /// "n = 148": participants allocated, for the baseline table's column heads.
    let allocated: String
}

struct BaselineRowView {
    let label: String
    let cells: [String]
    let total: String
    let isHeader: Bool
    let columnSpan: Int
}

/// One outcome in the table of all outcomes.
struct OutcomeRowView {
    let label: String
    let role: String
    let visit: String
    let means: [String]
    let difference: String
    let p: String
    let d: String
    let isPrimary: Bool
}

/// The primary result, shown as a highlighted summary and its own table.
struct PrimaryView {
    struct ArmRow {
        let arm: String
        let colour: String
        let mean: String
    }

    let label: String
    let visit: String
    let contrast: String
    let arms: [ArmRow]
    let difference: String
    let p: String
    /// "p < 0.001" or "p = 0.032", for running text.
    let pStatement: String
    let d: String
    let standardiser: String
    let participants: String
    let observations: String
    let dfMethod: String

    init(_ outcome: OutcomeResult, armNames: [String]) {
        label = outcome.label
        visit = outcome.visit
        contrast = outcome.contrast
        arms = outcome.marginalMeans.enumerated().map { arm, mean in
            ArmRow(arm: armNames[arm], colour: Palette.arm(arm), mean: NumberFormat.withInterval(mean, decimals: outcome.decimals))
        }
        difference = NumberFormat.withInterval(outcome.difference, decimals: outcome.decimals)
        p = NumberFormat.pValue(outcome.pValue)
        pStatement = p.hasPrefix("<") || p.hasPrefix(">") ? "p \(p)" : "p = \(p)"
        d = NumberFormat.withInterval(outcome.cohenD, decimals: 2)
        standardiser = outcome.standardiser
        participants = "\(outcome.participants)"
        observations = "\(outcome.observations)"
        dfMethod = outcome.degreesOfFreedom.map { "\(outcome.dfMethod), \(NumberFormat.fixed($0, decimals: 1)) df" } ?? outcome.dfMethod
    }
}

/// How each outcome was modelled (the "model details" section).
struct ModelRowView {
    let label: String
    let formula: String
    let covariance: String
    let dfMethod: String
    let sample: String
    let standardiser: String
}

struct MissingnessRowView {
    let arm: String
    let colour: String
    let cells: [String]
}

extension OutcomeRowView {
    init(_ outcome: OutcomeResult) {
        label = outcome.label
        role = outcome.role.rawValue.capitalized
        visit = outcome.visit
        means = outcome.marginalMeans.map { NumberFormat.withInterval($0, decimals: outcome.decimals) }
        difference = NumberFormat.withInterval(outcome.difference, decimals: outcome.decimals)
        p = NumberFormat.pValue(outcome.pValue)
        d = NumberFormat.withInterval(outcome.cohenD, decimals: 2)
        isPrimary = outcome.role == .primary
    }
}

extension ModelRowView {
    init(_ outcome: OutcomeResult) {
        label = outcome.label
        formula = outcome.formula
        covariance = outcome.covariance ?? "none (random effects only)"
        dfMethod = outcome.degreesOfFreedom.map { "\(outcome.dfMethod) (\(NumberFormat.fixed($0, decimals: 1)) df)" } ?? outcome.dfMethod
        sample = "\(outcome.participants) participants, \(outcome.observations) observations"
        standardiser = outcome.standardiser
    }
}

extension MissingnessRowView {
    /// Cells "observed / missing (% missing)" per visit in `visits` order; "—" where no cell is given.
    static func rows(_ cells: [MissingnessCell], visits: [String], armNames: [String]) -> [MissingnessRowView] {
        armNames.enumerated().map { arm, name in
            MissingnessRowView(arm: name, colour: Palette.arm(arm), cells: visits.map { visit in
                guard let cell = cells.first(where: { $0.arm == arm && $0.visit == visit }) else { return "\u{2014}" }
                let total = cell.observed + cell.missing
                let percent = total > 0 ? NumberFormat.fixed(100 * Double(cell.missing) / Double(total), decimals: 1) : "0.0"
                return "\(cell.observed) / \(cell.missing) (\(percent)%)"
            })
        }
    }
}
