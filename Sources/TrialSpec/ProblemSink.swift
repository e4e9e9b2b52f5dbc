import Yams

/// Collects every problem found in one protocol file, each with its position.
struct ProblemSink {
    let file: String
    private(set) var problems: [ProtocolProblem] = []

    init(file: String) { self.file = file }

    mutating func add(line: Int, column: Int, _ message: String) {
        problems.append(ProtocolProblem(file: file, line: line, column: column, message: message))
    }

    /// Adds a problem at a node's mark (line 1, column 1 when the node has none).
    mutating func add(at mark: Mark?, _ message: String) {
        add(line: mark?.line ?? 1, column: mark?.column ?? 1, message)
    }

    /// Adds a libYAML scanner, parser or composer error at the mark it reports.
    mutating func add(yamlError error: YamlError) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let problem = problem.hasPrefix("but ") ? String(problem.dropFirst(4)) : problem
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            add(at: mark, "YAML syntax error: \(problem)\(during); check indentation, colons and quotes")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            add(at: context.mark, "duplicate key \(keys) in the same mapping; each key may appear once")
        case .reader(let problem, let offset, _, let yaml):
            let (line, column) = Self.position(ofCharacterOffset: offset ?? 0, in: yaml)
            add(line: line, column: column, "the text cannot be read as YAML: \(problem)")
        default:
            add(line: 1, column: 1, "the YAML cannot be parsed: \(error)")
        }
    }

    /// Problems ordered by position; problems at the same position keep the order found.
    var sortedProblems: [ProtocolProblem] {
        problems.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    private static func position(ofCharacterOffset offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
