/// Why a report could not be rendered. Each case names the field of ``ReportDocument`` at fault.
public enum ReportError: Error, CustomStringConvertible, Equatable {
    /// `armNames` is empty.
    case noArms
    /// A per-arm array has the wrong number of entries.
    case armCountMismatch(field: String, expected: Int, found: Int)
    /// A number that must be finite is NaN or infinite.
    case notFinite(field: String)
    /// A missingness cell names an arm index outside `armNames`.
    case armOutOfRange(field: String, index: Int, armCount: Int)
    /// Participant counts that contradict each other (e.g. more analysed than allocated).
    case inconsistentCount(field: String, detail: String)
    /// One of the built-in templates failed to parse (a defect in Reporting, not in the input).
    case template(name: String, message: String)

    public var description: String {
        switch self {
        case .noArms:
            return "The report has no arms: give ReportDocument.armNames one name per arm, in allocation order."
        case .armCountMismatch(let field, let expected, let found):
            return "\(field) has \(found) entries but the report has \(expected) arms; give one entry per arm, in the order of armNames."
        case .notFinite(let field):
            return "\(field) is not a finite number; leave an unknown confidence bound nil instead of NaN or infinity."
        case .armOutOfRange(let field, let index, let armCount):
            return "\(field) refers to arm \(index) but there are only \(armCount) arms (indices 0..<\(armCount)); use the arm's index in armNames."
        case .inconsistentCount(let field, let detail):
            return "\(field): \(detail); correct the participant counts the report is given."
        case .template(let name, let message):
            return "The built-in report template '\(name)' does not parse (\(message)); this is a defect in TrialKit, please report it."
        }
    }
}
