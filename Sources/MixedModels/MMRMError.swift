/// Why an MMRM / GLS model could not be set up or fitted. Each case names the column, visit,
/// subject or parameter at fault and says what to do next.
public enum MMRMError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The formula or table could not be made into a model frame.
    case frame(ModelFrameError)
    /// A column named by the covariance specification is not in the table.
    case unknownColumn(role: String, name: String, available: [String])
    /// A used row has no value in the subject, time or group column.
    case missingValue(role: String, column: String, line: Int)
    /// The given time order does not list exactly the levels of the time column.
    case timeOrderMismatch(column: String, levels: [String], given: [String])
    /// A subject has two observations at the same visit.
    case duplicateVisit(subject: String, visit: String, line: Int)
    /// A subject belongs to two levels of the group variable.
    case subjectInTwoGroups(subject: String, column: String, first: String, second: String)
    /// A visit (level of the time variable) has no observation (in a group, if given).
    case visitWithoutObservations(visit: String, column: String, group: String?)
    /// Under an unstructured covariance, two visits are never observed in the same subject, so
    /// their covariance is not estimable.
    case visitsNeverTogether(first: String, second: String, group: String?)
    /// The structure needs more visits than the time variable has.
    case tooFewVisits(structure: CovarianceStructure, visits: Int, needed: Int)
    /// The starting values have the wrong count.
    case startLength(expected: Int, actual: Int, names: [String])
    /// The starting values do not give a positive-definite covariance (or a correlation is
    /// outside its range).
    case startNotPositiveDefinite(detail: String)
    /// There are no more observations than fixed effects (REML needs N > p).
    case tooFewObservations(observations: Int, fixedEffects: Int)
    /// XᵀV⁻¹X is singular at the current covariance.
    case singularFixedEffects
    /// The random-effects terms link too many observations into one block.
    case clusterTooLarge(observations: Int, limit: Int, terms: [String])
    /// The likelihood could not be evaluated at any point the optimiser tried.
    case numerical(step: String)

    public var description: String {
        switch self {
        case .frame(let error):
            return error.description
        case let .unknownColumn(role, name, available):
            return "The \(role) column '\(name)' is not in the data; available columns: "
                + available.joined(separator: ", ") + "."
        case let .missingValue(role, column, line):
            return "The \(role) column '\(column)' is empty on line \(line) although the row has an outcome; "
                + "fill it in or remove the row."
        case let .timeOrderMismatch(column, levels, given):
            return "The time order (" + given.joined(separator: ", ") + ") must list each level of '\(column)' "
                + "exactly once; its levels are " + levels.joined(separator: ", ") + "."
        case let .duplicateVisit(subject, visit, line):
            return "Subject '\(subject)' has a second observation at visit '\(visit)' on line \(line); "
                + "each subject may have one outcome per visit."
        case let .subjectInTwoGroups(subject, column, first, second):
            return "Subject '\(subject)' has two values of the group column '\(column)' ('\(first)' and "
                + "'\(second)'); the covariance group must be constant within a subject."
        case let .visitWithoutObservations(visit, column, group):
            let place = group.map { " in group '\($0)'" } ?? ""
            return "Visit '\(visit)' of '\(column)' has no observed outcome\(place), so its variance cannot be "
                + "estimated; remove the visit from the data or use a structure with a common variance."
        case let .visitsNeverTogether(first, second, group):
            let place = group.map { " in group '\($0)'" } ?? ""
            return "Visits '\(first)' and '\(second)' are never observed in the same subject\(place), so their "
                + "unstructured covariance cannot be estimated; use a structured covariance (e.g. ar1 or toep)."
        case let .tooFewVisits(structure, visits, needed):
            return "The \(structure.rawValue) covariance needs at least \(needed) visits but the time variable has "
                + "\(visits); use a different structure."
        case let .startLength(expected, actual, names):
            return "\(actual) starting values were given but the covariance has \(expected) parameters ("
                + names.joined(separator: ", ") + ")."
        case .startNotPositiveDefinite(let detail):
            return "The starting covariance is not positive definite (\(detail)); give other starting values "
                + "or omit them to use the empirical start."
        case let .tooFewObservations(observations, fixedEffects):
            return "The model has \(observations) observations but \(fixedEffects) fixed effects; REML needs more "
                + "observations than fixed effects."
        case .singularFixedEffects:
            return "XᵀV⁻¹X is singular: the fixed effects are not estimable; simplify the fixed part."
        case let .clusterTooLarge(observations, limit, terms):
            return "The random-effects terms (" + terms.joined(separator: ", ") + ") link \(observations) "
                + "observations into one covariance block, above the limit of \(limit); MMRM random effects must "
                + "group few subjects (e.g. therapists), not cross the whole data set."
        case .numerical(let step):
            return "The likelihood could not be evaluated while \(step); check the data for extreme values or "
                + "try another covariance structure."
        }
    }
}
