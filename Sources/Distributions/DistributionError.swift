/// An invalid parameter or argument passed to a distribution function.
///
/// Each case names the distribution and the offending parameter so the message can say
/// what to fix. Thrown instead of returning NaN (which is what R's math library does).
public enum DistributionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A parameter (degrees of freedom, standard deviation, ...) violates its requirement.
    case invalidParameter(distribution: String, parameter: String, value: Double, requirement: String)
    /// A probability given to a quantile function is outside [0, 1].
    case probabilityOutOfRange(distribution: String, value: Double)
    /// An argument (quantile or probability) is NaN.
    case argumentNotANumber(distribution: String, argument: String)
    /// A confidence level is not strictly between 0 and 1.
    case confidenceLevelOutOfRange(value: Double)

    public var description: String {
        switch self {
        case let .invalidParameter(distribution, parameter, value, requirement):
            return "The \(distribution) distribution got \(parameter) = \(value), but it must be \(requirement); "
                + "check the value passed for \(parameter)."
        case let .probabilityOutOfRange(distribution, value):
            return "The \(distribution) quantile got probability \(value), which is outside [0, 1]; "
                + "pass a probability between 0 and 1."
        case let .argumentNotANumber(distribution, argument):
            return "The \(distribution) distribution got NaN for \(argument); "
                + "the value was probably computed from missing or invalid data."
        case let .confidenceLevelOutOfRange(value):
            return "The confidence level \(value) is not strictly between 0 and 1; use e.g. 0.95 for a 95% interval."
        }
    }
}
