/// The rules a participant ID must follow before anything is stored under it.
///
/// Every ID, whatever the protocol says, is 1–64 characters without control characters or
/// surrounding white space (it appears in file names, CSV exports and audit records). On top of
/// that it must match the protocol's `participant_id_pattern` as a whole; the pattern uses
/// Swift `Regex` syntax, which follows PCRE for classes, quantifiers and anchors.
public enum ParticipantID {
    /// Letters, digits, `_` and `-`, 1–32 characters.
    public static let defaultPattern = "^[A-Za-z0-9_-]{1,32}$"
    /// The longest ID any protocol may allow.
    public static let maximumLength = 64

    /// Why `id` is not a valid participant ID under `pattern` (one clause, no full stop), or nil
    /// when it is valid. A pattern that does not compile counts as matching nothing.
    public static func problem(with id: String, pattern: String) -> String? {
        if id.isEmpty { return "it is empty" }
        if id.count > maximumLength { return "it is longer than \(maximumLength) characters" }
        if id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "it contains a control character"
        }
        if id.first!.isWhitespace || id.last!.isWhitespace { return "it starts or ends with white space" }
        guard let regex = try? Regex(pattern) else { return "the protocol's participant_id_pattern does not compile" }
        if (try? regex.wholeMatch(in: id)) ?? nil == nil {
            return "it does not match the protocol's participant ID pattern \(pattern)"
        }
        return nil
    }

    /// Why `pattern` cannot serve as a participant ID pattern, or nil when it can.
    public static func patternProblem(_ pattern: String) -> String? {
        let regex: Regex<AnyRegexOutput>
        do { regex = try Regex(pattern) } catch { return "it is not a valid regular expression (\(error))" }
        if (try? regex.wholeMatch(in: "")) ?? nil != nil { return "it matches the empty ID" }
        return nil
    }
}
