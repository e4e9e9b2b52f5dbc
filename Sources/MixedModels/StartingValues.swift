/// lme4's starting θ (`mkLmerDevfun`, lme4 1.1-31 and 2.x).
///
/// When every term is a random intercept `(1 | f)` on its own grouping factor, lme4 starts from
/// crude moment estimates: v_f = var(ave(y, f)) (the sample variance, denominator n − 1, of each
/// observation's group mean), v_e = var(y) − Σ_f v_f, and, if v_e > 0, θ_f = √(v_f / v_e).
/// Otherwise (or with any vector-valued term) it starts from the identity templates.
enum StartingValues {
    static func lme4Default(layout: RandomEffectsLayout, response y: [Double]) -> [Double] {
        let allIntercepts = layout.terms.allSatisfy { $0.columnNames == ["(Intercept)"] }
        let distinctFactors = Set(layout.terms.map(\.groupingName)).count == layout.thetaCount
        guard allIntercepts, distinctFactors, y.count > 1 else { return layout.initialTheta }
        let n = Double(y.count)
        let mean = y.reduce(0, +) / n
        let totalVariance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let groupVariances = layout.terms.map { term -> Double in
            var sums = [Double](repeating: 0, count: term.levelCount)
            var counts = [Double](repeating: 0, count: term.levelCount)
            for (i, level) in term.levelIndex.enumerated() {
                sums[Int(level)] += y[i]
                counts[Int(level)] += 1
            }
            var squares = 0.0
            for g in 0..<term.levelCount where counts[g] > 0 {
                let deviation = sums[g] / counts[g] - mean
                squares += counts[g] * deviation * deviation
            }
            return squares / (n - 1)
        }
        let residualVariance = totalVariance - groupVariances.reduce(0, +)
        guard residualVariance.isFinite, residualVariance > 0 else { return layout.initialTheta }
        return groupVariances.map { ($0 / residualVariance).squareRoot() }
    }
}
