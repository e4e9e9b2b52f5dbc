import TrialCore

/// Computes a form's score and subscores from item values, by the rule its protocol declares.
///
/// For a set of n items with k answered (after reverse-keying: a reversed item with range
/// [min, max] counts as `min + max − v`):
/// - k < `minimumAnswered`: no score;
/// - otherwise each missing item takes the fill value f, the mean of the k answered items
///   (`fill: mean`, person-mean imputation) or that mean rounded half away from zero
///   (`fill: rounded-mean`), and
///   `sum = Σ answered + (n − k)·f`, `mean = (Σ answered + (n − k)·f) / n`.
///
/// With `fill: mean` a sum is the prorated sum `n · mean(answered)` and a mean is the mean of
/// the answered items, e.g. WSAS (one of five items may be missing; NHS Data Dictionary,
/// "Work and Social Adjustment Scale score") and GSE (up to three of ten; Schwarzer, "Everything
/// you wanted to know about the General Self-Efficacy Scale", SPSS `MEAN.7`).
public struct ScoreCalculator: Sendable {
    /// One computed score.
    public struct Result: Sendable, Equatable {
        /// The form's name for the total, else the subscore's name.
        public var name: String
        /// Nil when too few items were answered.
        public var value: Double?
        public var answered: Int
        public var items: Int
    }

    public let form: Form
    public let score: Score
    private let bounds: [String: (min: Double, max: Double)]

    /// Nil when the form has no score.
    public init?(form: Form) {
        guard let score = form.score else { return nil }
        self.form = form
        self.score = score
        var bounds: [String: (min: Double, max: Double)] = [:]
        for name in score.reversed {
            if let field = form.field(named: name), let low = field.min, let high = field.max { bounds[name] = (low, high) }
        }
        self.bounds = bounds
    }

    /// The total (named after the form), then each subscore; `value` gives an item's value,
    /// nil when it is missing (empty or a missing-value code).
    public func scores(_ value: (String) -> Double?) -> [Result] {
        var results = [compute(form.name, items: score.items, minimum: score.minimumAnswered, value)]
        for subscore in score.subscores {
            results.append(compute(subscore.name, items: subscore.items, minimum: subscore.minimumAnswered, value))
        }
        return results
    }

    /// The total score from item values by name (absent items are missing).
    public func total(_ values: [String: Double]) -> Double? {
        scores { values[$0] }[0].value
    }

    private func compute(_ name: String, items: [String], minimum: Int, _ value: (String) -> Double?) -> Result {
        var sum = 0.0, answered = 0
        for item in items {
            guard var v = value(item) else { continue }
            if let range = bounds[item] { v = range.min + range.max - v }
            sum += v
            answered += 1
        }
        guard answered >= minimum, answered > 0 else {
            return Result(name: name, value: nil, answered: answered, items: items.count)
        }
        var fill = sum / Double(answered)
        if score.fill == .roundedMean { fill = fill.rounded(.toNearestOrAwayFromZero) }
        let total = sum + Double(items.count - answered) * fill
        let result = score.method == .sum ? total : total / Double(items.count)
        return Result(name: name, value: result, answered: answered, items: items.count)
    }
}
