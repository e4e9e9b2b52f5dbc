import Foundation
import LinearAlgebra
import Tabular

/// A mixed model for repeated measures fitted by GLS: y_i ~ N(X_iβ, V_i) with a structured
/// residual covariance over visits (SAS PROC MIXED `REPEATED / TYPE= SUBJECT= GROUP=`, mmrm,
/// nlme `gls`), optionally plus random effects from the formula's `( … | g)` terms (SAS
/// `RANDOM`); REML (default) or ML with β profiled out. Method: docs/mmrm.md.
public struct MMRM: Sendable {
    public let criterion: EstimationCriterion
    public let responseName: String
    public let fixedEffectNames: [String]
    public let fixedEffects: [Double]
    /// Φ = (XᵀV̂⁻¹X)⁻¹, the model-based Var(β̂).
    public let vcov: Matrix
    /// −2 log L (REML: SAS's "−2 Res Log Likelihood").
    public let minus2LogLikelihood: Double
    public let observationCount: Int
    /// Subjects with at least one used observation.
    public let subjectCount: Int
    /// Subjects in the data set, with or without used observations (SAS "Dimensions: Subjects",
    /// the n of SAS's BIC; FEV: 200 subjects, 197 with an observed FEV1).
    public let subjectsInData: Int
    /// Independent blocks of the marginal covariance (subjects, or random-effects clusters).
    public let blockCount: Int
    public let covariance: EstimatedCovariance
    public let convergence: MMRMConvergence
    /// Columns dropped from X because they were aliased.
    public let aliasedNames: [String]

    public var standardErrors: [Double] { vcov.diagonal.map { $0.squareRoot() } }
    public var logLikelihood: Double { -minus2LogLikelihood / 2 }
    /// Number of covariance parameters (those on a boundary excluded, as SAS counts them).
    public var covarianceParameterCount: Int { covariance.parameters.count - convergence.boundaryParameters.count }
    /// SAS's information criteria (REML: covariance parameters only; ML: plus p):
    /// AIC = −2l + 2d, AICC = −2l + 2dn*/(n* − d − 1) with n* = N − p (REML) or N (ML),
    /// FEV (SAS): AIC 3406.4, AICC 3406.9, BIC 3439.4.
    /// BIC = −2l + d log(subjects in the data set) (random-effects clusters when the formula has
    /// random effects).
    public var aic: Double { minus2LogLikelihood + 2 * Double(informationParameters) }
    public var aicc: Double {
        let d = Double(informationParameters)
        let effective = Double(observationCount - (criterion == .reml ? fixedEffects.count : 0))
        return minus2LogLikelihood + 2 * d * effective / (effective - d - 1)
    }
    public var bic: Double {
        let n = covariance.randomEffects.isEmpty ? subjectsInData : blockCount
        return minus2LogLikelihood + Double(informationParameters) * log(Double(n))
    }
    private var informationParameters: Int {
        covarianceParameterCount + (criterion == .ml ? fixedEffects.count : 0)
    }

    let design: FixedEffectsDesign?
    let likelihood: GLSLikelihood
    /// The final evaluation (with derivatives) and its second-order quantities.
    let evaluation: GLSLikelihood.Evaluation
    let secondOrder: GLSSecondOrder
    /// Free parameter indices (not fixed on a boundary).
    let freeParameters: [Int]

    /// Fits the model of `formula` to `table` (reference levels as `ModelFrame.build`).
    public static func fit(formula: String, table: DataTable, covariance: CovarianceSpecification,
                           referenceLevels: [String: String] = [:], options: MMRMOptions = .init()) throws(MMRMError) -> MMRM {
        let frame: ModelFrame
        do {
            frame = try ModelFrame.build(formula: formula, table: table, referenceLevels: referenceLevels)
        } catch {
            throw .frame(error)
        }
        return try fit(frame: frame, table: table, covariance: covariance, options: options)
    }

    /// Fits the model to a frame built from `table` (which supplies the subject, time and group columns).
    public static func fit(frame: ModelFrame, table: DataTable, covariance spec: CovarianceSpecification,
                           options: MMRMOptions = .init()) throws(MMRMError) -> MMRM {
        let measures = try RepeatedMeasures(frame: frame, table: table, specification: spec)
        let design = try GLSDesign(frame: frame, measures: measures)
        let residual = try CovarianceFactory.model(spec.structure, visits: measures.visitCount,
                                                   groups: measures.groupCount, grouping: spec.grouping)
        let random = RandomEffectsCovariance(terms: frame.randomTerms.map {
            .init(grouping: $0.groupingName, columnNames: $0.columnNames)
        })
        let parametrization = CovarianceParametrization(residual: residual, random: random)
        let likelihood = GLSLikelihood(design: design, parametrization: parametrization, criterion: options.criterion)
        let outcome = try optimize(likelihood, options: options)
        return try MMRM(frame: frame, measures: measures, spec: spec, likelihood: likelihood, outcome: outcome)
    }

    /// SAS's Newton–Raphson path (MIVQUE0 or the given start) and, if it fails, the unconstrained
    /// optimiser from the empirical start.
    static func optimize(_ likelihood: GLSLikelihood, options: MMRMOptions) throws(MMRMError) -> MMRMOptimizer.Outcome {
        let parametrization = likelihood.parametrization, design = likelihood.design
        func unconstrained(_ note: String?) throws(MMRMError) -> MMRMOptimizer.Outcome {
            let start = try startingValues(options.start, parametrization: parametrization, design: design)
            var outcome = try MMRMOptimizer(likelihood: likelihood, tolerance: options.tolerance,
                                            maxIterations: options.maxIterations, space: .unconstrained)
                .minimize(start: start)
            if let note { outcome.message = note + "; " + outcome.message }
            return outcome
        }
        guard options.algorithm == .newtonRaphson else { return try unconstrained(nil) }
        var start = options.start
        if let given = start {
            // Checks the length and that φ gives a positive-definite covariance (throws otherwise).
            _ = try startingValues(given, parametrization: parametrization, design: design)
        } else {
            if let initial = (try? mivque0(likelihood)) ?? nil {
                start = initial
            } else {
                start = parametrization.natural(try startingValues(nil, parametrization: parametrization, design: design)).phi
            }
        }
        let natural = MMRMOptimizer(likelihood: likelihood, tolerance: options.tolerance,
                                    maxIterations: options.maxIterations, space: .natural)
        if let outcome = try? natural.minimize(start: start!), outcome.converged { return outcome }
        return try unconstrained("Newton–Raphson on the covariance parameters did not converge; refitted on the "
                                 + "unconstrained parametrisation")
    }

    /// MIVQUE0 (Rao 1971; SAS's default starting values): for covariance structures linear in φ,
    /// the REML estimating equations Σ_k tr(P₀V_hP₀V_k) φ_k = yᵀP₀V_hP₀y at V₀ = I, i.e. one
    /// Fisher-scoring step from φ₀ (Σ = I, G = 0): φ = φ₀ − E(φ₀)⁻¹ g(φ₀). Negative variance
    /// components are set to 0, as SAS does. `nil` for non-linear structures or an invalid result.
    static func mivque0(_ likelihood: GLSLikelihood) throws -> [Double]? {
        let parametrization = likelihood.parametrization
        guard let identity = parametrization.residual.identityParameters() else { return nil }
        let phi0 = identity + [Double](repeating: 0, count: parametrization.random.parameterCount)
        guard let e = try likelihood.evaluate(phi0, derivatives: true) else { return nil }
        let moments = likelihood.blockMoments(e)
        let g = likelihood.gradient(e, moments: moments)
        let expected = try likelihood.secondOrder(e, moments: moments).expected
        let step = try Cholesky(expected).solve(g)
        var phi = zip(phi0, step).map { $0 - $1 }
        for index in parametrization.boundaryIndices where phi[index] < 0 { phi[index] = 0 }
        guard try likelihood.evaluate(phi, derivatives: false) != nil else { return nil }
        return phi
    }

    /// θ from the user's φ (checked), or the empirical start.
    static func startingValues(_ given: [Double]?, parametrization: CovarianceParametrization,
                               design: GLSDesign) throws(MMRMError) -> [Double] {
        let names = parametrization.residual.parameterNames + parametrization.random.parameterNames
        if let given {
            guard given.count == parametrization.parameterCount else {
                throw .startLength(expected: parametrization.parameterCount, actual: given.count, names: names)
            }
            guard let theta = parametrization.unconstrained(given) else {
                throw .startNotPositiveDefinite(detail: "starting values " + zip(names, given).map { "\($0) = \($1)" }
                    .joined(separator: ", "))
            }
            return theta
        }
        let residual = parametrization.residual
        let m = residual.visitCount
        let average = design.empirical.flatMap { s in CovarianceStart.variances(s, m) }.reduce(0, +)
            / Double(m * design.empirical.count)
        let phi = residual.start(design.empirical)
            + parametrization.random.start(averageVariance: average, columnMeanSquares: design.columnMeanSquares)
        if let theta = parametrization.unconstrained(phi) { return theta }
        // Fall back to independent visits with the empirical variances.
        let diagonal = design.empirical.map { s in
            CovarianceStart.scale(CovarianceStart.identity(m), variances: CovarianceStart.variances(s, m))
        }
        let fallback = residual.start(diagonal)
            + parametrization.random.start(averageVariance: average, columnMeanSquares: design.columnMeanSquares)
        guard let theta = parametrization.unconstrained(fallback) else {
            throw .startNotPositiveDefinite(detail: "the empirical starting covariance")
        }
        return theta
    }
}
