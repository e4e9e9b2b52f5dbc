/// A form's score: the sum or mean of item values, after reverse-keying, with a declared rule
/// for missing items.
///
/// A reversed item with range [min, max] contributes `min + max − value`. With fewer than
/// `minimumAnswered` items answered the score is missing. Otherwise every missing item is
/// replaced by the fill value (by default the mean of the answered items, "person-mean
/// imputation"), so a `sum` over k answered of n items is `sum(answered) + (n − k) × fill`
/// (prorating) and a `mean` is `(sum(answered) + (n − k) × fill) / n`.
public struct Score: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable, CaseIterable { case sum, mean }

    /// What replaces a missing item when enough items are answered.
    public enum Fill: String, Sendable, Codable, CaseIterable {
        /// The mean of the participant's answered items (after reverse-keying).
        case mean
        /// That mean rounded to the nearest whole number, halves away from zero.
        case roundedMean = "rounded-mean"
    }

    public var method: Method
    /// Fields entering the score, in order.
    public var items: [String]
    /// Items that are reverse-keyed.
    public var reversed: [String]
    /// Least number of answered items for a score to be computed.
    public var minimumAnswered: Int
    /// How missing items are filled in when at least `minimumAnswered` are answered.
    public var fill: Fill
    /// Scores over subsets of the items (e.g. the agency and pathways subscales of the State
    /// Hope Scale), computed with the same method, reverse-keying and fill rule.
    public var subscores: [Subscore]

    public init(method: Method, items: [String], reversed: [String] = [], minimumAnswered: Int? = nil,
                fill: Fill = .mean, subscores: [Subscore] = []) {
        self.method = method; self.items = items; self.reversed = reversed
        self.minimumAnswered = minimumAnswered ?? items.count
        self.fill = fill; self.subscores = subscores
    }
}

/// A score over a subset of a form's score items; its name is an analysis variable.
public struct Subscore: Sendable, Equatable, Codable {
    public var name: String
    public var items: [String]
    /// Least number of answered items of this subscore (default: all of them).
    public var minimumAnswered: Int
    public init(name: String, items: [String], minimumAnswered: Int? = nil) {
        self.name = name; self.items = items; self.minimumAnswered = minimumAnswered ?? items.count
    }
}
