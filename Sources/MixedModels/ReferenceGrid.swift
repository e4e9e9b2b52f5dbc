/// emmeans' reference grid (Lenth; Searle, Speed & Milliken 1980 "population marginal means"):
/// every combination of the levels of the factors in the fixed part, with numeric covariates at
/// their mean over the rows used in the fit. `row` builds the X row of one grid point with the
/// model's own coding, so lᵀβ̂ is the model's prediction there.
public struct ReferenceGrid: Sendable {
    public struct Factor: Sendable, Equatable {
        public let name: String
        /// Levels in model order (reference level first).
        public let levels: [String]

        public init(name: String, levels: [String]) {
            self.name = name
            self.levels = levels
        }
    }

    /// The factors of the fixed part, in order of appearance.
    public let factors: [Factor]
    let row: @Sendable ([String: String]) throws -> [Double]

    /// A grid from its factors and a function giving the X row for one level of every factor.
    public init(factors: [Factor], row: @escaping @Sendable ([String: String]) throws -> [Double]) {
        self.factors = factors
        self.row = row
    }

    /// The average of the X rows over all combinations of the `averaged` factors' levels, with the
    /// other factors fixed at `fixed` (emmeans' default equal weights).
    func averagedRow(fixed: [String: String], averaged: [Factor]) throws -> [Double] {
        var sum: [Double]?
        var count = 0
        for combination in Self.combinations(averaged) {
            let x = try row(fixed.merging(combination) { a, _ in a })
            sum = sum.map { zip($0, x).map { $0 + $1 } } ?? x
            count += 1
        }
        return (sum ?? []).map { $0 / Double(count) }
    }

    /// Every combination of the factors' levels, the first factor varying fastest (R's
    /// `expand.grid` order, which emmeans uses). One empty combination for no factors.
    static func combinations(_ factors: [Factor]) -> [[String: String]] {
        if factors.contains(where: { $0.levels.isEmpty }) { return [] }
        var result: [[String: String]] = []
        var index = [Int](repeating: 0, count: factors.count)
        while true {
            var combination: [String: String] = [:]
            for (factor, i) in zip(factors, index) { combination[factor.name] = factor.levels[i] }
            result.append(combination)
            var position = 0
            while position < factors.count {
                index[position] += 1
                if index[position] < factors[position].levels.count { break }
                index[position] = 0
                position += 1
            }
            if position == factors.count { return result }
        }
    }
}
