/// Why an analysis could not be run; each case names what is at fault and what to do.
public enum AnalysisError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `--outcome NAME` names no planned outcome.
    case unknownOutcome(name: String, planned: [String])
    /// A score name that no form of the protocol computes.
    case unknownScore(name: String)
    /// The protocol has no baseline visit for a score.
    case noBaselineVisit(score: String)
    /// A participant's allocated arm is not an arm of the protocol.
    case unknownArm(participant: String, arm: String)
    /// Nobody has been randomized.
    case noParticipants
    /// The model could not be fitted or its inference computed (the statistics core's message).
    case model(outcome: String, detail: String)
    /// The model fitted but the estimand is not estimable (e.g. no data in an arm at the visit).
    case estimandMissing(outcome: String, detail: String)

    public var description: String {
        switch self {
        case .unknownOutcome(let name, let planned):
            return "The analysis plan has no outcome '\(name)'; planned outcomes: \(planned.joined(separator: ", "))."
        case .unknownScore(let name):
            return "No form of the protocol computes a score '\(name)'; check the analysis plan."
        case .noBaselineVisit(let score):
            return "No visit on day 0 collects the form of score '\(score)'; set `baseline_visit` in the protocol's `analysis`."
        case .unknownArm(let participant, let arm):
            return "Participant \(participant) is allocated to arm '\(arm)', which the protocol does not define; check the stored protocol version."
        case .noParticipants:
            return "Nobody has been randomized, so there is nothing to analyse."
        case .model(let outcome, let detail):
            return "Outcome \(outcome): the model could not be fitted: \(detail)"
        case .estimandMissing(let outcome, let detail):
            return "Outcome \(outcome): \(detail)"
        }
    }
}
