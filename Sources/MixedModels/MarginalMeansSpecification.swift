/// Which factors estimated marginal means are computed for, as emmeans reads a formula spec
/// (Lenth, emmeans `emmeans(model, ~ arm | visit)`): the factors left of `|` (joined by `*`, `:`
/// or `+`, all meaning "every combination") and optional "by" factors right of `|`, within whose
/// levels the means are grouped and compared. A leading `~` is accepted.
///
/// "arm | visit" → means of arm within each visit, pairwise arm contrasts per visit;
/// "arm * visit" → means for every arm × visit cell, all pairwise contrasts between cells.
public struct MarginalMeansSpecification: Sendable, Equatable {
    public let factors: [String]
    public let by: [String]
    /// The text as given.
    public let text: String

    public init(_ text: String) throws {
        self.text = text
        var body = text.trimmingWhitespace
        if body.hasPrefix("~") { body = String(body.dropFirst()) }
        let sides = body.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard sides.count <= 2 else {
            throw InferenceError.invalidSpecification(spec: text, reason: "has more than one '|'")
        }
        func names(_ side: String) throws -> [String] {
            let parts = side.split(whereSeparator: { "*:+".contains($0) }).map { String($0).trimmingWhitespace }
            guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else {
                throw InferenceError.invalidSpecification(spec: text, reason: "has an empty factor name")
            }
            if let bad = parts.first(where: { $0.contains(where: { $0 == "(" || $0 == ")" || $0 == "~" }) }) {
                throw InferenceError.invalidSpecification(spec: text, reason: "contains '\(bad)', which is not a factor name")
            }
            return parts
        }
        factors = try names(sides[0])
        by = sides.count == 2 ? try names(sides[1]) : []
        let all = factors + by
        if let duplicate = all.enumerated().first(where: { all[..<$0.offset].contains($0.element) })?.element {
            throw InferenceError.invalidSpecification(spec: text, reason: "names '\(duplicate)' twice")
        }
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s = s.dropFirst() }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

/// Multiplicity adjustment of pairwise comparisons (emmeans `adjust`).
public enum PairwiseAdjustment: String, Sendable, Equatable, CaseIterable {
    /// Unadjusted t tests and intervals.
    case none
    /// Tukey's HSD (emmeans' default for pairwise comparisons): p = P(Q_{k,ν} > √2|t|) and
    /// intervals ± q_{k,ν}(level)/√2 · SE, k = means per family. As emmeans, a family with a
    /// single comparison (k = 2) is not adjusted.
    case tukey
}
