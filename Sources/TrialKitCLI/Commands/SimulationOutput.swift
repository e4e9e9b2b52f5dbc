import Foundation
import Randomization

/// `randomize simulate --json`. Imbalance is in ratio units (|n_A − n_B| for two arms 1:1).
struct SimulationJSON: Encodable {
    struct Summary: Encodable {
        var mean: Double, median: Double, p90: Double, p99: Double, max: Double
        var meanSquare: Double
        /// P(value ≥ t) for t = 2, 4, 6, 8, 10.
        var atLeast: [String: Double]

        init(_ summary: ImbalanceSummary) {
            mean = summary.mean; median = summary.median; p90 = summary.percentile90; p99 = summary.percentile99
            max = summary.maximum; meanSquare = summary.meanSquare
            atLeast = Dictionary(uniqueKeysWithValues: [2.0, 4, 6, 8, 10].map { (String(Int($0)), summary.exceedance(atLeast: $0)) })
        }

        enum CodingKeys: String, CodingKey {
            case mean, median, p90, p99, max
            case meanSquare = "mean_square", atLeast = "at_least"
        }
    }

    struct Stratum: Encodable {
        var stratum: String
        var finalImbalance: Summary
        enum CodingKeys: String, CodingKey { case stratum, finalImbalance = "final_imbalance" }
    }

    var protocolID: String
    var design: String
    var runs: Int
    var participants: Int
    var seed: UInt64
    var algorithmVersion: String
    var finalImbalance: Summary
    var largestImbalance: Summary
    var largestStratumImbalance: Summary
    var strata: [Stratum]
    var forcedShare: Double
    var certainShare: Double?
    var correctGuessRate: Double
    var correctGuessStandardError: Double

    init(report: AssessmentReport, protocolID: String, design: String) {
        self.protocolID = protocolID; self.design = design
        runs = report.settings.replicates; participants = report.settings.participants
        seed = report.settings.seed; algorithmVersion = report.settings.algorithmVersion
        finalImbalance = Summary(report.finalImbalance)
        largestImbalance = Summary(report.largestImbalance)
        largestStratumImbalance = Summary(report.largestStratumImbalance)
        strata = zip(report.strataLabels, report.finalImbalanceByStratum).map { Stratum(stratum: $0, finalImbalance: Summary($1)) }
        forcedShare = report.forcedShare; certainShare = report.certainShare
        correctGuessRate = report.correctGuessRate; correctGuessStandardError = report.correctGuessStandardError
    }

    enum CodingKeys: String, CodingKey {
        case design, runs, participants, seed, strata
        case protocolID = "protocol_id", algorithmVersion = "algorithm_version"
        case finalImbalance = "final_imbalance", largestImbalance = "largest_imbalance"
        case largestStratumImbalance = "largest_stratum_imbalance", forcedShare = "forced_share"
        case certainShare = "certain_share", correctGuessRate = "correct_guess_rate"
        case correctGuessStandardError = "correct_guess_standard_error"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(protocolID, forKey: .protocolID); try c.encode(design, forKey: .design)
        try c.encode(runs, forKey: .runs); try c.encode(participants, forKey: .participants)
        try c.encode(seed, forKey: .seed); try c.encode(algorithmVersion, forKey: .algorithmVersion)
        try c.encode(finalImbalance, forKey: .finalImbalance); try c.encode(largestImbalance, forKey: .largestImbalance)
        try c.encode(largestStratumImbalance, forKey: .largestStratumImbalance); try c.encode(strata, forKey: .strata)
        try c.encode(forcedShare, forKey: .forcedShare); try c.encode(certainShare, forKey: .certainShare)
        try c.encode(correctGuessRate, forKey: .correctGuessRate)
        try c.encode(correctGuessStandardError, forKey: .correctGuessStandardError)
    }
}

enum SimulationText {
    static func render(_ r: SimulationJSON) -> String {
        func n(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.2f", value)
        }
        func pct(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
        func line(_ s: SimulationJSON.Summary) -> [String] {
            [n(s.mean), n(s.median), n(s.p90), n(s.p99), n(s.max)]
        }
        var lines = [
            "Design assessment of protocol \(r.protocolID): \(r.design).",
            "\(r.runs) simulated trials of \(r.participants) participants, strata equally likely, simulation seed \(r.seed), algorithm \(r.algorithmVersion).",
            "",
            "Imbalance |D| (difference between arms, in ratio units):",
        ]
        var rows = [["", "MEAN", "MEDIAN", "90%", "99%", "MAX"]]
        rows.append(["final, overall"] + line(r.finalImbalance))
        rows.append(["largest at any time, overall"] + line(r.largestImbalance))
        rows.append(["largest at any time, any stratum"] + line(r.largestStratumImbalance))
        for stratum in r.strata { rows.append(["final, \(stratum.stratum)"] + line(stratum.finalImbalance)) }
        lines.append(Console.table(rows))
        lines.append("")
        let tails = ["2", "4", "6", "8"].map { "P(|D| ≥ \($0)) = \(pct(r.finalImbalance.atLeast[$0] ?? 0))" }
        lines.append("Final overall: " + tails.joined(separator: ", ") + "; E D² = \(String(format: "%.2f", r.finalImbalance.meanSquare)).")
        lines.append("Forced allocations (probability 1 given the current block or rule): \(pct(r.forcedShare)).")
        if let certain = r.certainShare {
            lines.append("Certain allocations (deducible by someone who knows the ratio and the set of block sizes): \(pct(certain)).")
        }
        lines.append("Correct guesses under the convergence strategy (Blackwell–Hodges): \(String(format: "%.3f", r.correctGuessRate)) (Monte-Carlo SE \(String(format: "%.4f", r.correctGuessStandardError))).")
        return lines.joined(separator: "\n")
    }
}
