import Foundation
import TrialCore
import TrialSimulation

/// What `simulate-trial` prints.
enum SimulateTrialText {
    static func files(out: String, trial: TrialProtocol, simulated: SimulatedTrial) -> String {
        var counts = [Int](repeating: 0, count: trial.arms.count)
        for p in simulated.participants { counts[p.arm] += 1 }
        let arms = zip(trial.arms, counts).map { "\($0.code) \($1)" }.joined(separator: ", ")
        var lines = ["Simulated \(simulated.participants.count) participants (\(arms)); wrote \(simulated.files.count) files to \(out):"]
        var rows = [["FILE", "FORM", "ROWS"]]
        rows += simulated.files.map { [$0.path, $0.form ?? "", $0.form == nil && $0.rows == 0 ? "" : String($0.rows)] }
        lines.append(Console.table(rows))
        if !simulated.plantedErrors.isEmpty {
            lines.append("Planted errors (also in manifest.json); `crf validate` must report exactly these:")
            lines.append(Console.table([["FILE", "LINE", "FIELD", "CODE"]] + simulated.plantedErrors.map {
                [$0.file, String($0.line), $0.field, $0.code]
            }))
        }
        return lines.joined(separator: "\n")
    }

    struct FilesJSON: Encodable {
        struct Entry: Encodable { var file: String; var form: String?; var rows: Int }
        var out: String
        var participants: Int
        var arms: [String: Int]
        var files: [Entry]
        var plantedErrors: [PlantedError]

        init(out: String, trial: TrialProtocol, simulated: SimulatedTrial) {
            self.out = out
            participants = simulated.participants.count
            arms = Dictionary(trial.arms.map { ($0.code, 0) }, uniquingKeysWith: +)
            for p in simulated.participants { arms[trial.arms[p.arm].code, default: 0] += 1 }
            files = simulated.files.map { Entry(file: $0.path, form: $0.form, rows: $0.rows) }
            plantedErrors = simulated.plantedErrors
        }

        enum CodingKeys: String, CodingKey { case out, participants, arms, files, plantedErrors = "planted_errors" }
    }

    static func power(_ result: PowerResult) -> String {
        func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
        let s = result.settings
        var lines = [
            "Power of the primary analysis: \(result.outcome) at \(result.visit), \(result.formula)",
            "\(result.degreesOfFreedomMethod) df, two-sided alpha = \(f(result.alpha, 3)); \(result.runs) simulated trials of \(s.participants) participants, seed \(s.seed)",
            "effect \(f(result.effect, 2)), SD \(f(result.standardDeviation, 2)), visit correlation \(f(s.visitCorrelation, 2)), site variance share \(f(s.siteVarianceShare, 2)), dropout \(f(s.dropout, 2)) at the last visit",
            "",
        ]
        var rows = [["CONTRAST", "POWER", "MC SE", "95% CI", "MEAN EST", "MEAN SE", "MEAN DF", "T-TEST APPROX"]]
        for arm in result.arms {
            rows.append(["\(arm.arm) - \(arm.control)", f(arm.power), f(arm.monteCarloSE), "\(f(arm.lower))-\(f(arm.upper))",
                         f(arm.meanEstimate, 2), f(arm.meanStandardError, 2), f(arm.meanDegreesOfFreedom, 1), f(arm.approximation.power)])
        }
        lines.append(Console.table(rows))
        for arm in result.arms {
            let a = arm.approximation
            lines.append("Approximation for \(arm.arm): n = \(f(a.perArm[0], 1)) + \(f(a.perArm[1], 1)) at \(result.visit), residual SD \(f(a.residualSD, 2)), df \(f(a.degreesOfFreedom, 1)), noncentrality \(f(a.noncentrality, 2)) (\(a.method)).")
        }
        if result.analysed < result.runs {
            lines.append("\(result.runs - result.analysed) of \(result.runs) runs could not be analysed; power is over the \(result.analysed) that could. First failures:")
            lines += result.failures.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
