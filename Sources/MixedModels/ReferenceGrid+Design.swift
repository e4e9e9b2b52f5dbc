extension ReferenceGrid {
    /// The reference grid of a model frame's fixed part: the factors of `design` (levels in model
    /// order), numeric covariates at their mean over the used rows (`FixedEffectsDesign.row`).
    ///
    /// - Throws: `InferenceError.rankDeficientGrid` when the design dropped aliased columns: emmeans
    ///   would mark the cells that depend on them non-estimable, and the dropped columns' aliasing
    ///   is not kept, so no mean is reported rather than a wrong one.
    public init(design: FixedEffectsDesign) throws {
        guard design.allColumnNames.count == design.columnNames.count else {
            throw InferenceError.rankDeficientGrid(
                dropped: design.allColumnNames.filter { !design.columnNames.contains($0) })
        }
        let factors = design.variables.compactMap { variable -> Factor? in
            guard case .factor(let name, let levels) = variable else { return nil }
            return Factor(name: name, levels: levels)
        }
        self.init(factors: factors) { levels in
            try design.row(values: levels.mapValues { DesignValue.level($0) })
        }
    }
}

extension LinearMixedModel {
    /// EMMs and pairwise contrasts over the reference grid of `design` (the `ModelFrame.design` the
    /// model was fitted from), e.g. `fit.marginalMeans("arm | visit", design: frame.design!, method: .kenwardRoger)`.
    public func marginalMeans(_ specification: String, design: FixedEffectsDesign, method: DegreesOfFreedomMethod,
                              adjustment: PairwiseAdjustment = .tukey,
                              level: Double = 0.95) throws -> MarginalMeansResult {
        try marginalMeans(specification, grid: try ReferenceGrid(design: design), method: method,
                          adjustment: adjustment, level: level)
    }
}
