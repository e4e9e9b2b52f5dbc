/// Argument checks shared by the distributions; each throws a `DistributionError` naming the
/// distribution and parameter.
enum ParameterCheck {
    /// Requires `value > 0`; `+∞` is accepted only when `allowInfinity` is true.
    static func positive(
        _ value: Double, _ parameter: String, of distribution: String, allowInfinity: Bool
    ) throws(DistributionError) {
        let ok = value > 0 && (allowInfinity || value.isFinite)
        guard ok else {
            let requirement = allowInfinity ? "greater than 0 (+infinity allowed)" : "finite and greater than 0"
            throw .invalidParameter(
                distribution: distribution, parameter: parameter, value: value, requirement: requirement)
        }
    }

    /// Requires a finite value.
    static func finite(_ value: Double, _ parameter: String, of distribution: String) throws(DistributionError) {
        guard value.isFinite else {
            throw .invalidParameter(
                distribution: distribution, parameter: parameter, value: value, requirement: "finite")
        }
    }

    /// Requires a non-NaN argument (±∞ are valid quantiles).
    static func number(_ value: Double, _ argument: String, of distribution: String) throws(DistributionError) {
        guard !value.isNaN else { throw .argumentNotANumber(distribution: distribution, argument: argument) }
    }

    /// Requires a probability in [0, 1].
    static func probability(_ p: Double, of distribution: String) throws(DistributionError) {
        try number(p, "the probability", of: distribution)
        guard p >= 0 && p <= 1 else { throw .probabilityOutOfRange(distribution: distribution, value: p) }
    }
}
