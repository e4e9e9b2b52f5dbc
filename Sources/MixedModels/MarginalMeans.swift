import Distributions
import Foundation

/// A factor and one of its levels.
public struct FactorLevel: Sendable, Equatable {
    public let factor: String
    public let level: String
}

/// One estimated marginal mean (emmeans' `emmean` row).
public struct MarginalMean: Sendable, Equatable {
    /// The spec factors' levels, then the by factors' levels.
    public let levels: [FactorLevel]
    public let estimate: Double
    public let standardError: Double
    public let degreesOfFreedom: Double
    public let lower: Double
    public let upper: Double
}

/// One pairwise contrast within a by group, e.g. "PEER - SAU" at visit = post.
public struct PairwiseContrast: Sendable, Equatable {
    /// emmeans' `revpairwise` label: later level minus earlier level ("B - A", "C - A", "C - B");
    /// cells of several factors are "PEER post - SAU post"; see `contrastLabel`.
    public let name: String
    public let by: [FactorLevel]
    public let estimate: Double
    public let standardError: Double
    public let degreesOfFreedom: Double
    public let tStatistic: Double
    /// Two-sided p-value, adjusted as `MarginalMeansResult.adjustment` says.
    public let pValue: Double
    public let lower: Double
    public let upper: Double
}

/// Estimated marginal means and their pairwise contrasts (emmeans `emmeans()` + `pairs(reverse = TRUE)`).
public struct MarginalMeansResult: Sendable, Equatable {
    public let specification: MarginalMeansSpecification
    public let method: DegreesOfFreedomMethod
    /// The adjustment asked for.
    public let requestedAdjustment: PairwiseAdjustment
    /// The adjustment applied: `.none` when every family has a single comparison (as emmeans).
    public let adjustment: PairwiseAdjustment
    /// Means per family (levels of the spec factors within one by group).
    public let familySize: Int
    public let level: Double
    public let means: [MarginalMean]
    public let contrasts: [PairwiseContrast]
}

extension FixedEffectsInference {
    /// EMMs for `specification` over `grid`: for each combination c of the spec and by factors,
    /// l_c = the average of the grid's X rows over all combinations of the other factors (equal
    /// weights); mean = l_cᵀβ̂ with SE, df and interval from this inference's method. Contrasts:
    /// l_i − l_j for i > j within each by group (emmeans `revpairwise`), t test, `adjustment`.
    /// Order: the first spec factor varies fastest, by groups outermost (emmeans' order).
    public func marginalMeans(_ specification: MarginalMeansSpecification, grid: ReferenceGrid,
                              adjustment: PairwiseAdjustment = .tukey,
                              level: Double = 0.95) throws -> MarginalMeansResult {
        guard level > 0, level < 1 else { throw InferenceError.invalidLevel(level) }
        let names = grid.factors.map(\.name)
        func factor(_ name: String) throws -> ReferenceGrid.Factor {
            guard let f = grid.factors.first(where: { $0.name == name }) else {
                throw InferenceError.unknownFactor(name: name, spec: specification.text, factors: names)
            }
            return f
        }
        let shown = try specification.factors.map(factor)
        let by = try specification.by.map(factor)
        let averaged = grid.factors.filter { !specification.factors.contains($0.name) && !specification.by.contains($0.name) }
        let cells = ReferenceGrid.combinations(shown)
        let groups = ReferenceGrid.combinations(by)
        let k = cells.count
        let applied: PairwiseAdjustment = k > 2 ? adjustment : .none
        var means: [MarginalMean] = []
        var contrastRows: [(name: String, by: [FactorLevel], estimate: LinearEstimate)] = []
        for group in groups {
            let byLevels = by.map { FactorLevel(factor: $0.name, level: group[$0.name]!) }
            var rows: [[Double]] = []
            for cell in cells {
                let l = try grid.averagedRow(fixed: cell.merging(group) { a, _ in a }, averaged: averaged)
                rows.append(l)
                let e = try estimate(l, level: level)
                means.append(MarginalMean(levels: shown.map { FactorLevel(factor: $0.name, level: cell[$0.name]!) } + byLevels,
                                          estimate: e.estimate, standardError: e.standardError,
                                          degreesOfFreedom: e.degreesOfFreedom, lower: e.lower, upper: e.upper))
            }
            let labels = cells.map { cell in Self.contrastLabel(shown.map { cell[$0.name]! }) }
            for i in 1..<max(k, 1) {
                for j in 0..<i {
                    let l = zip(rows[i], rows[j]).map { $0 - $1 }
                    contrastRows.append(("\(labels[i]) - \(labels[j])", byLevels, try estimate(l, level: level)))
                }
            }
        }
        let contrasts = try Self.adjusted(contrastRows, adjustment: applied, familySize: k, level: level)
        return MarginalMeansResult(specification: specification, method: method, requestedAdjustment: adjustment,
                                   adjustment: applied, familySize: k, level: level, means: means, contrasts: contrasts)
    }

    /// Unadjusted rows as they are; Tukey as emmeans `.adj.p.value` / `.adj.critval`:
    /// p = ptukey(√2|t|, k, zapsmall(df), upper), half-width = qtukey(level, k, df)/√2 · SE.
    static func adjusted(_ rows: [(name: String, by: [FactorLevel], estimate: LinearEstimate)],
                         adjustment: PairwiseAdjustment, familySize k: Int,
                         level: Double) throws -> [PairwiseContrast] {
        let zapped = zapsmall(rows.map(\.estimate.degreesOfFreedom))
        return try rows.enumerated().map { index, row in
            let e = row.estimate
            var p = e.pValue, lower = e.lower, upper = e.upper
            if adjustment == .tukey {
                p = .nan
                lower = .nan
                upper = .nan
                if e.degreesOfFreedom > 0 {
                    let range = try StudentizedRange(means: Double(k), degreesOfFreedom: zapped[index])
                    p = try range.cdf(2.0.squareRoot() * abs(e.tStatistic), tail: .upper)
                    let critical = try StudentizedRange(means: Double(k), degreesOfFreedom: e.degreesOfFreedom)
                        .quantile(level) / 2.0.squareRoot()
                    lower = e.estimate - critical * e.standardError
                    upper = e.estimate + critical * e.standardError
                }
            }
            return PairwiseContrast(name: row.name, by: row.by, estimate: e.estimate, standardError: e.standardError,
                                    degreesOfFreedom: e.degreesOfFreedom, tStatistic: e.tStatistic, pValue: p,
                                    lower: lower, upper: upper)
        }
    }

    /// emmeans' label of one cell in a contrast name: the levels joined by spaces, wrapped in
    /// parentheses when it contains -, +, / or * (emmeans option `parens`), e.g. "(Høje-Taastrup)".
    static func contrastLabel(_ levels: [String]) -> String {
        let label = levels.joined(separator: " ")
        return label.contains(where: { "-+/*".contains($0) }) ? "(\(label))" : label
    }

    /// R's `zapsmall(x, digits = 7)`: round to 7 − ⌈log10 max|x|⌉ decimal places.
    static func zapsmall(_ x: [Double]) -> [Double] {
        let largest = x.filter(\.isFinite).map(abs).max() ?? 0
        guard largest > 0 else { return x }
        let digits = max(0, 7 - Int(ceil(log10(largest))))
        let scale = pow(10, Double(digits))
        return x.map { ($0 * scale).rounded(.toNearestOrEven) / scale }
    }
}

extension LinearMixedModel {
    /// EMMs and pairwise contrasts for a spec such as "arm | visit", with the given df method.
    public func marginalMeans(_ specification: String, grid: ReferenceGrid, method: DegreesOfFreedomMethod,
                              adjustment: PairwiseAdjustment = .tukey,
                              level: Double = 0.95) throws -> MarginalMeansResult {
        let spec = try MarginalMeansSpecification(specification)
        return try inference(method: method).marginalMeans(spec, grid: grid, adjustment: adjustment, level: level)
    }
}
