/// Why a simulation cannot run; each message names the option, file or line and what to do.
public enum SimulationError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidSetting(option: String, value: String, requirement: String)
    case unknownScore(option: String, name: String, known: [String])
    case unknownArm(String, known: [String])
    case participantIDPattern(example: String, pattern: String)
    case allocations(file: String, detail: String)
    case noPrimaryOutcome
    case analysisFailed(run: Int, detail: String)

    public var description: String {
        switch self {
        case let .invalidSetting(option, value, requirement):
            return "\(option) \(value) is not allowed: it must be \(requirement)."
        case let .unknownScore(option, name, known):
            return "\(option) names \(name), which is not a scored form of the protocol; use one of \(known.joined(separator: ", "))."
        case let .unknownArm(arm, known):
            return "The arm \(arm) is not in the protocol; use one of \(known.joined(separator: ", "))."
        case let .participantIDPattern(example, pattern):
            return "Simulated participant IDs such as \(example) do not match the protocol's participant_id_pattern \(pattern); give the participants with --allocations FILE instead."
        case let .allocations(file, detail):
            return "\(file): \(detail)"
        case .noPrimaryOutcome:
            return "The protocol's analysis plan has no primary outcome, so there is no planned test whose power could be estimated."
        case let .analysisFailed(run, detail):
            return "Simulated trial \(run) could not be analysed as planned: \(detail)"
        }
    }

    /// The CLI exit code: 65 for data that cannot be used, 64 for settings.
    public var exitCode: Int32 {
        switch self {
        case .allocations, .participantIDPattern: return 65
        case .analysisFailed: return 70
        default: return 64
        }
    }
}
