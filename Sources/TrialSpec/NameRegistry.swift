import Yams

/// Names already defined in one namespace (arms, visits, forms, ...), with where each was
/// first defined, so that duplicates and dangling references can be reported.
struct NameRegistry {
    /// What the names are, e.g. "form" or "arm code", used in messages.
    let kind: String
    /// Where the names live, e.g. "in stratification factor `site`" (empty for the whole protocol).
    let scope: String
    /// Why a duplicate matters, appended to its message when not empty.
    let rule: String
    private(set) var names: [String] = []
    private var firstMarks: [String: Mark?] = [:]

    init(kind: String, scope: String = "", rule: String = "") {
        self.kind = kind; self.scope = scope.isEmpty ? "" : " " + scope; self.rule = rule
    }

    /// Registers `name`; reports it when it was already defined. Returns true when new.
    @discardableResult
    mutating func define(_ name: String, at mark: Mark?, _ sink: inout ProblemSink) -> Bool {
        if let first = firstMarks[name] {
            let whereFirst = first.map { " (first defined at line \($0.line), column \($0.column))" } ?? ""
            sink.add(at: mark, "duplicate \(kind) `\(name)`\(scope)\(whereFirst)" + (rule.isEmpty ? "" : "; " + rule))
            return false
        }
        firstMarks[name] = mark
        names.append(name)
        return true
    }

    func contains(_ name: String) -> Bool { firstMarks[name] != nil }

    /// Reports `name` when it is not defined; `user` says what refers to it.
    @discardableResult
    func checkReference(_ name: String, at mark: Mark?, from user: String,
                        _ sink: inout ProblemSink) -> Bool {
        guard !contains(name) else { return true }
        let known = names.isEmpty ? "none is defined" : "defined: " + names.map { "`\($0)`" }.joined(separator: ", ")
        sink.add(at: mark, "\(user) names unknown \(kind) `\(name)`"
            + Suggestion.hint(for: name, among: names) + " (\(known))")
        return false
    }
}

/// Reports a name that cannot serve as an identifier in formulas, data files and commands.
/// Identifiers start with a letter and continue with letters, digits and `_`.
func checkIdentifier(_ name: String, kind: String, at mark: Mark?, _ sink: inout ProblemSink) {
    if name.wholeMatch(of: /[A-Za-z][A-Za-z0-9_]*/) == nil {
        sink.add(at: mark, "\(kind) `\(name)` is not a valid name; use a letter followed by "
            + "letters, digits or `_` (ASCII), so it can be used in formulas and data files")
    }
}
