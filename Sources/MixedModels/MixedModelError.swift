import LinearAlgebra

/// Why a linear mixed model could not be set up or fitted. Each case names the term, factor or
/// quantity at fault and says what to do next.
public enum MixedModelError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The model has no `( … | g)` term; fit a linear model instead.
    case noRandomEffects
    /// An array in the frame does not have one entry per observation.
    case inconsistentFrame(detail: String)
    /// lme4 `check.nlev.gtr.1`: a grouping factor has fewer than two sampled levels.
    case tooFewLevels(grouping: String, levels: Int)
    /// lme4 `check.nobs.vs.nlev`: a grouping factor has as many levels as observations.
    case tooManyLevels(grouping: String, levels: Int, observations: Int)
    /// lme4 `check.nobs.vs.nRE`: a term has at least as many random effects as observations.
    case tooManyRandomEffects(term: String, randomEffects: Int, observations: Int)
    /// REML needs more observations than fixed-effect columns.
    case tooFewObservations(observations: Int, fixedEffects: Int)
    /// A non-finite value in the response, the fixed-effects matrix or a term's columns.
    case nonFiniteValue(location: String)
    /// The dense block for the second and later grouping factors would be too large.
    case denseBlockTooLarge(terms: [String], size: Int, limit: Int)
    /// θ has the wrong length.
    case thetaLength(expected: Int, actual: Int)
    /// The fixed-effects cross-product is not positive definite after removing the random effects.
    case rankDeficientFixedEffects(column: String)
    /// The penalized residual sum of squares is zero: the model reproduces y exactly.
    case perfectFit
    /// A linear-algebra failure, with the step at which it happened.
    case linearAlgebra(step: String, underlying: LinearAlgebraError)
    /// NLopt refused the problem set-up (an internal error).
    case optimizerSetup(detail: String)

    public var description: String {
        switch self {
        case .noRandomEffects:
            return "The model has no random-effects term such as (1 | group); add one, or fit a linear model."
        case .inconsistentFrame(let detail):
            return "The model frame is inconsistent: \(detail); rebuild it from the data."
        case let .tooFewLevels(grouping, levels):
            return "Grouping factor '\(grouping)' has \(levels) sampled level(s); grouping factors must "
                + "have > 1 sampled level. Remove the term or check the grouping column."
        case let .tooManyLevels(grouping, levels, observations):
            return "Grouping factor '\(grouping)' has \(levels) levels for \(observations) observations; "
                + "the number of levels of each grouping factor must be < number of observations."
        case let .tooManyRandomEffects(term, q, n):
            return "number of observations (=\(n)) <= number of random effects (=\(q)) for term "
                + "(\(term)); the random-effects parameters and the residual variance are probably "
                + "unidentifiable. Simplify the term."
        case let .tooFewObservations(n, p):
            return "There are \(n) observations for \(p) fixed effects; at least \(p + 1) are needed."
        case .nonFiniteValue(let location):
            return "\(location) contains a non-finite value (NaN or infinity); remove or correct it."
        case let .denseBlockTooLarge(terms, size, limit):
            return "The random-effects terms \(terms.joined(separator: ", ")) need a dense \(size)×\(size) "
                + "block, above the limit of \(limit)×\(limit); put the factor with most levels first "
                + "in its own term, or reduce the number of levels of the other factors."
        case let .thetaLength(expected, actual):
            return "θ has \(actual) entries but the model has \(expected) covariance parameters."
        case .rankDeficientFixedEffects(let column):
            return "The fixed-effects matrix is rank deficient at column '\(column)'; remove the aliased column."
        case .perfectFit:
            return "The model fits the response exactly (zero penalized residual sum of squares); "
                + "the variance parameters are not identifiable."
        case let .linearAlgebra(step, underlying):
            return "While \(step): \(underlying.description)"
        case .optimizerSetup(let detail):
            return "The optimizer could not be set up: \(detail)."
        }
    }
}
