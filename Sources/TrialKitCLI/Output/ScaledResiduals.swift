import LinearAlgebra
import MixedModels

/// The "Scaled residuals" line of `summary(lmer)`: quantiles of the conditional residuals
/// (y − Xβ̂ − Zb̃) / σ̂ (lme4 `residuals(m, scaled = TRUE)`), computed in O(n · (p + Σk)).
enum ScaledResiduals {
    /// Min, Q1, median, Q3 and max (R `quantile`, type 7); empty without conditional modes.
    static func quantiles(frame: ModelFrame, model: LinearMixedModel) -> [Double] {
        guard let modes = model.conditionalModes, model.sigma > 0 else { return [] }
        let n = frame.observationCount, p = model.fixedEffects.count
        var residuals = frame.response
        for j in 0..<p {
            let beta = model.fixedEffects[j]
            for i in 0..<n { residuals[i] -= frame.fixed[i, j] * beta }
        }
        // Pair each term's modes with a frame term of the same grouping factor and columns (the
        // model keeps lme4's term order; identical duplicate terms contribute identically).
        var unused = Array(frame.randomTerms.indices)
        for mode in modes {
            guard let position = unused.firstIndex(where: {
                frame.randomTerms[$0].groupingName == mode.groupingName
                    && frame.randomTerms[$0].columnNames == mode.columnNames
            }) else { return [] }
            let term = frame.randomTerms[unused.remove(at: position)]
            for i in 0..<n {
                let level = Int(term.levelIndex[i])
                for c in 0..<term.columnCount { residuals[i] -= term.columns[i, c] * mode.values[level, c] }
            }
        }
        let scaled = residuals.map { $0 / model.sigma }.sorted()
        return [0, 0.25, 0.5, 0.75, 1].map { quantile(scaled, $0) }
    }

    /// R `quantile(x, prob, type = 7)` of sorted values: linear interpolation at (n − 1) · prob.
    static func quantile(_ sorted: [Double], _ prob: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * prob
        let low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }
}
