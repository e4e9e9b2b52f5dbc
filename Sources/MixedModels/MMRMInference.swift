import Foundation
import LinearAlgebra

extension MMRM {
    /// t-based inference for linear functions of β (the same `FixedEffectsInference` as for
    /// `LinearMixedModel`, so EMMs, contrasts and F tests share one implementation):
    ///
    /// - `.satterthwaite` (SAS DDFM=SATTERTHWAITE; Satterthwaite 1946; Fai & Cornelius 1996):
    ///   ν = 2(lᵀΦl)² / (gᵀAg), g_h = lᵀ(∂Φ/∂φ_h)l = lᵀΦA_hΦl, A = 2H⁻¹ with H the observed
    ///   Hessian of −2 log L in SAS's covariance parameters (SAS's ASYCOV), over the parameters not
    ///   fixed on a boundary.
    /// - `.kenwardRoger` (SAS DDFM=KR; Kenward & Roger 1997): Φ_A = Φ + 2Φ{Σ_hk W_hk(Q_hk −
    ///   P_hΦP_k − ¼R_hk)}Φ with W = 2H⁻¹, P_h = −A_h, Q_hk = XᵀWV_hWV_kWX, R_hk = XᵀWV_hkWX in
    ///   SAS's parametrisation; ν as pbkrtest's `Lb_ddf`. REML only.
    /// - `.kenwardRogerLinear` (mmrm "Kenward-Roger-Linear", SAS KR(LINEAR)): R_hk dropped.
    /// - `.residual`: ν = N − p (SAS DDFM=RESIDUAL).
    public func inference(method: DegreesOfFreedomMethod) throws -> FixedEffectsInference {
        switch method {
        case .residual:
            let nu = Double(observationCount - fixedEffects.count)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: vcov, warnings: [], engine: .residual(nu))
        case .satterthwaite:
            let jacobians = try freeParameters.map { h in try vcov * secondOrder.a[h] * vcov }
            let s = try Satterthwaite(vcov: vcov, hessian: freeHessian(secondOrder), jacobians: jacobians)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: vcov, warnings: s.warnings, engine: .satterthwaite(s))
        case .kenwardRoger, .kenwardRogerLinear:
            guard criterion == .reml else { throw InferenceError.kenwardRogerNeedsREML }
            let parts = secondOrder, free = freeParameters
            let w = try KenwardRoger.twiceInverse(freeHessian(parts))
            let sums = likelihood.kenwardRogerSums(evaluation, weights: w, free: free)
            // Σ_hk W_hk A_hΦA_k = Σ_h A_h Φ (Σ_k W_hk A_k).
            var middle = sums.q
            if method == .kenwardRoger { middle = middle - sums.r.scaled(0.25) }
            for (a, h) in free.enumerated() {
                var weighted = Matrix(rows: vcov.rows, columns: vcov.columns)
                for (b, k) in free.enumerated() where w[a, b] != 0 { weighted = weighted + parts.a[k].scaled(w[a, b]) }
                middle = middle - (try parts.a[h] * vcov * weighted)
            }
            let adjusted = vcov + (try vcov * middle * vcov).scaled(2)
            let kr = KenwardRoger(vcov: vcov, adjustedVcov: adjusted, p: free.map { parts.a[$0] }, w: w)
            return FixedEffectsInference(method: method, names: fixedEffectNames, estimates: fixedEffects,
                                         covariance: adjusted, warnings: [], engine: .kenwardRoger(kr))
        }
    }

    /// The fixed-effects table (estimate, SE, df, t, p) for a df method.
    public func coefficientTable(method: DegreesOfFreedomMethod) throws -> [CoefficientRow] {
        try inference(method: method).coefficients()
    }

    /// Estimated marginal means ("LS means", equal weights over the other factors, covariates at
    /// their mean) and `revpairwise` contrasts for a spec such as "ARMCD | AVISIT".
    public func marginalMeans(_ specification: String, method: DegreesOfFreedomMethod,
                              adjustment: PairwiseAdjustment = .tukey, level: Double = 0.95) throws -> MarginalMeansResult {
        guard let design else {
            throw InferenceError.numerical(step: "building the reference grid", detail: "the model frame has no design")
        }
        let spec = try MarginalMeansSpecification(specification)
        return try inference(method: method).marginalMeans(spec, grid: try ReferenceGrid(design: design),
                                                           adjustment: adjustment, level: level)
    }

    /// Type III F tests of every model term (SAS "Type 3 Tests of Fixed Effects"; lmerTest
    /// `anova(type = 3)`), with `FixedEffectsInference.test` for F, numerator and denominator df.
    /// A term that is not estimable (it involves an aliased column) gets NaN (SAS prints ".").
    public func typeIIITests(method: DegreesOfFreedomMethod) throws -> [TermTest] {
        guard let design else {
            throw InferenceError.numerical(step: "building type III hypotheses", detail: "the model frame has no design")
        }
        let inference = try inference(method: method)
        return try design.typeIIIHypotheses().map { hypothesis in
            guard let l = hypothesis.l else {
                return TermTest(term: hypothesis.term, numeratorDegreesOfFreedom: 0, denominatorDegreesOfFreedom: .nan,
                                fStatistic: .nan, pValue: .nan)
            }
            let test = try inference.test(l)
            return TermTest(term: hypothesis.term, numeratorDegreesOfFreedom: test.numeratorDegreesOfFreedom,
                            denominatorDegreesOfFreedom: test.denominatorDegreesOfFreedom,
                            fStatistic: test.fStatistic, pValue: test.pValue)
        }
    }

    /// The observed Hessian of −2 log L over the free covariance parameters.
    func freeHessian(_ parts: GLSSecondOrder) -> Matrix {
        let free = freeParameters
        var h = Matrix(rows: free.count, columns: free.count)
        for (b, k) in free.enumerated() { for (a, i) in free.enumerated() { h[a, b] = parts.observed[i, k] } }
        return h
    }
}

extension KenwardRoger {
    /// From its parts (the MMRM path computes them block-wise).
    init(vcov: Matrix, adjustedVcov: Matrix, p: [Matrix], w: Matrix) {
        self.vcov = vcov
        self.adjustedVcov = adjustedVcov
        self.p = p
        self.w = w
    }
}
