import Foundation
import Testing

/// Tolerances of the R reference fixtures (fixtures/reference/README.md, "Tolerances"), relative.
enum FitTolerance {
    /// REML criterion, ML deviance, log-likelihood, AIC, BIC.
    static let criterion = 1e-7
    /// Fixed-effect estimates.
    static let fixedEffect = 1e-6
    /// Standard errors (incl. Kenward–Roger's), variance components, σ, correlations.
    static let secondary = 1e-5
    /// lmerTest's Satterthwaite df (a numerical Hessian in R).
    static let satterthwaiteDF = 1e-4
    /// pbkrtest's Kenward–Roger df.
    static let kenwardRogerDF = 1e-3
    /// EMMs and contrasts: estimate, SE, interval bounds, t.
    static let marginalMean = 1e-6
    /// Reported p-values (they inherit the df error; see the fixtures README).
    static let pValue = 1e-3
}

let referenceData = packageRoot + "/fixtures/reference/data"

/// One R reference model (fixtures/reference/models/NAME.json) as a dictionary.
func referenceModel(_ name: String) throws -> [String: Any] {
    let url = URL(fileURLWithPath: packageRoot + "/fixtures/reference/models/\(name).json")
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
}

/// |observed − expected| ≤ tolerance · max(|expected|, floor), with both values in the message.
func expectClose(_ label: String, _ observed: Any?, _ expected: Any?, relative tolerance: Double,
                 floor: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let observed = number(observed), let expected = number(expected) else {
        Issue.record("\(label): missing number (observed \(String(describing: observed)), expected \(String(describing: expected)))",
                     sourceLocation: sourceLocation)
        return
    }
    let error = abs(observed - expected) / max(abs(expected), floor)
    #expect(error <= tolerance, "\(label): observed \(observed), expected \(expected), relative error \(error) > \(tolerance)",
            sourceLocation: sourceLocation)
}

/// A p-value within `FitTolerance.pValue` relative, or for far-tail values (where a df difference
/// inside its tolerance moves p by more) within the df tolerance on the log scale.
func expectPValue(_ label: String, _ observed: Any?, _ expected: Any?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let observed = number(observed), let expected = number(expected) else {
        Issue.record("\(label): missing p-value", sourceLocation: sourceLocation)
        return
    }
    if expected == 0 {  // below the smallest double in R too (t = 369 on 14,943 df)
        #expect(observed < 1e-300, "\(label): observed \(observed), expected 0", sourceLocation: sourceLocation)
        return
    }
    let relative = abs(observed - expected) / expected
    let logRelative = abs(log(observed) - log(expected)) / max(abs(log(expected)), 1)
    #expect(relative <= FitTolerance.pValue || logRelative <= FitTolerance.satterthwaiteDF,
            "\(label): observed \(observed), expected \(expected)", sourceLocation: sourceLocation)
}

func number(_ value: Any?) -> Double? {
    if let value = value as? Double { return value }
    if let value = value as? Int { return Double(value) }
    if let value = value as? NSNumber { return value.doubleValue }
    return nil
}

/// The rows of a JSON array of objects.
func rows(_ value: Any?) -> [[String: Any]] { value as? [[String: Any]] ?? [] }

/// The row whose `key` equals `value`.
func row(_ rows: [[String: Any]], _ key: String, _ value: String) -> [String: Any]? {
    rows.first { $0[key] as? String == value }
}

/// The row whose object-valued `key` (e.g. `levels` or `by`) equals `value`.
func row(_ rows: [[String: Any]], _ key: String, matching value: [String: String]) -> [String: Any]? {
    rows.first { ($0[key] as? [String: String]) == value }
}

/// Runs `trialkit fit` on a reference CSV with `--json` in a fresh directory and parses the object.
func fitJSON(_ data: String, _ arguments: [String]) throws -> [String: Any] {
    let workspace = try Workspace()
    let outcome = try workspace.trialkit(["fit", referenceData + "/" + data] + arguments + ["--json"])
    #expect(outcome.status == 0, "\(outcome)")
    #expect(outcome.stderr.isEmpty, "\(outcome)")
    return try #require(try outcome.json() as? [String: Any])
}
