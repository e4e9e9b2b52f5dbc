import Foundation
import TrialCore

/// Stable codes of validation issues; the raw values appear in reports and JSON.
public enum IssueCode: String, Sendable, Codable, CaseIterable, Comparable {
    /// A required field (shown by its branching logic), or participant_id, visit or visit_date, is empty.
    case missingRequired = "missing_required"
    /// A number outside the field's hard range (refused).
    case outOfRange = "out_of_range"
    /// A number outside the field's soft range (accepted; raises a query).
    case softRange = "soft_range"
    case notANumber = "not_a_number"
    case notAnInteger = "not_an_integer"
    /// A decimal with more decimal places than the field allows.
    case tooManyDecimals = "too_many_decimals"
    /// A text that does not match the field's pattern.
    case patternMismatch = "pattern_mismatch"
    /// A value that is not one of the field's choice codes (or not 1/0 for a yes/no field).
    case invalidChoice = "invalid_choice"
    /// Not a valid ISO 8601 date (YYYY-MM-DD) or date-time.
    case invalidDate = "invalid_date"
    case unknownColumn = "unknown_column"
    case missingColumn = "missing_column"
    case duplicateColumn = "duplicate_column"
    case unknownParticipant = "unknown_participant"
    case unknownVisit = "unknown_visit"
    /// The visit exists but does not collect this form.
    case formNotAtVisit = "form_not_at_visit"
    /// A second record of the same participant and visit (in the file, or already stored).
    case duplicateRecord = "duplicate_record"
    /// The visit date lies outside the visit's window relative to the randomization date.
    case outsideVisitWindow = "outside_visit_window"
    /// A field hidden by its branching logic holds a value.
    case hiddenFieldHasValue = "hidden_field_has_value"
    /// A calculated field's value in the file differs from the value its calculation gives.
    case calculationMismatch = "calculation_mismatch"
    /// An edit check of the protocol failed; its severity is the check's.
    case checkFailed = "check_failed"
    /// A row whose cells cannot be matched to the columns (wrong number of cells, a quote that
    /// is not closed, text after a closing quote); its other checks are skipped.
    case malformedRow = "malformed_row"

    public static func < (lhs: IssueCode, rhs: IssueCode) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The severity of issues with this code (`check_failed` takes the check's own severity).
    public var defaultSeverity: Severity {
        switch self {
        case .softRange, .outsideVisitWindow: .warning
        default: .error
        }
    }
}

/// One problem found in a data file.
public struct ValidationIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Line in the file where the record starts (the header is line 1).
    public var line: Int
    public var participantID: String?
    public var visit: String?
    /// The column or field concerned, if any.
    public var field: String?
    public var code: IssueCode
    public var severity: Severity
    public var message: String

    public init(line: Int, participantID: String?, visit: String?, field: String?, code: IssueCode,
                severity: Severity, message: String) {
        self.line = line; self.participantID = participantID; self.visit = visit; self.field = field
        self.code = code; self.severity = severity; self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case line, participantID = "participant_id", visit, field, code, severity, message
    }

    /// Encodes every key, with `null` for an absent participant, visit or field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        try container.encode(participantID, forKey: .participantID)
        try container.encode(visit, forKey: .visit)
        try container.encode(field, forKey: .field)
        try container.encode(code, forKey: .code)
        try container.encode(severity, forKey: .severity)
        try container.encode(message, forKey: .message)
    }

    /// `line N: severity [code] field: message`.
    public var description: String {
        "line \(line): \(severity.rawValue) [\(code.rawValue)]" + (field.map { " \($0)" } ?? "") + ": \(message)"
    }
}

/// Everything found in one data file: `{file, form, rows, issues, counts, omitted,
/// severity_counts}` in JSON.
///
/// `issues` holds at most the validator's `issueLimit` issues (the first by line); `counts`
/// and `severity_counts` count every issue, and `omitted` says how many are not listed.
public struct ValidationReport: Sendable, Equatable, Codable {
    public var file: String
    public var form: String
    /// Data rows read (blank rows are not counted).
    public var rows: Int
    /// The issues found, in order of line (and, within a line, in the order found); the first
    /// `issueLimit` when there were more.
    public var issues: [ValidationIssue]
    /// Number of issues per code, all of them (codes without issues are left out).
    public var counts: [String: Int]
    /// Issues found but not listed in `issues` (0 unless the limit was reached).
    public var omitted: Int
    /// Number of issues per severity (`error`, `warning`, `note`), all of them.
    public var severityCounts: [String: Int]

    enum CodingKeys: String, CodingKey {
        case file, form, rows, issues, counts, omitted
        case severityCounts = "severity_counts"
    }

    /// A report listing every issue.
    public init(file: String, form: String, rows: Int, issues: [ValidationIssue]) {
        self.file = file; self.form = form; self.rows = rows; self.issues = issues
        counts = Dictionary(issues.map { ($0.code.rawValue, 1) }, uniquingKeysWith: +)
        omitted = 0
        severityCounts = Self.allSeverities(Dictionary(issues.map { ($0.severity, 1) }, uniquingKeysWith: +))
    }

    init(file: String, form: String, rows: Int, collector: inout IssueCollector) {
        self.file = file; self.form = form; self.rows = rows
        issues = collector.finish()
        counts = Dictionary(uniqueKeysWithValues: collector.codeCounts.map { ($0.key.rawValue, $0.value) })
        omitted = collector.total - issues.count
        severityCounts = Self.allSeverities(collector.severityCounts)
    }

    private static func allSeverities(_ counts: [Severity: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    /// Number of issues of `severity`, listed or omitted.
    public func count(_ severity: Severity) -> Int { severityCounts[severity.rawValue] ?? 0 }

    /// True when any issue has severity `error`.
    public var hasErrors: Bool { count(.error) > 0 }

    /// The report as JSON with sorted keys (stable output for diffs and tests).
    public func json(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// Why a data file could not be validated at all.
public enum ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No file at the path (exit code 66).
    case fileMissing(path: String)
    /// The file exists but cannot be read (exit code 66).
    case unreadable(path: String, reason: String)
    /// The file is empty: it has no header row (exit code 65).
    case noHeader(path: String)
    /// A line is not valid UTF-8 (exit code 65).
    case notUTF8(path: String, line: Int)
    /// A line longer than the reader's limit (exit code 65): not a CSV file of records.
    case lineTooLong(path: String, line: Int, limit: Int)
    /// The form is not defined in the protocol (exit code 64: a usage error).
    case unknownForm(name: String, known: [String])
    /// An expression of the protocol does not compile (the protocol did not come through TrialSpec).
    case invalidExpression(form: String, expression: String, problem: String)

    /// The sysexits-style exit code the CLI should use.
    public var exitCode: Int32 {
        switch self {
        case .fileMissing, .unreadable: 66
        case .noHeader, .notUTF8, .lineTooLong: 65
        case .unknownForm: 64
        case .invalidExpression: 65
        }
    }

    public var description: String {
        switch self {
        case .fileMissing(let path):
            return "Data file \(path) does not exist; check the path."
        case .unreadable(let path, let reason):
            return "Data file \(path) cannot be read (\(reason)); check that it is a readable regular file."
        case .noHeader(let path):
            return "Data file \(path) is empty; it needs a header row: participant_id, visit, visit_date and the form's fields."
        case .notUTF8(let path, let line):
            return "Data file \(path) is not UTF-8 text (line \(line)); save it as UTF-8 (in Excel: \"CSV UTF-8\") and validate again."
        case .lineTooLong(let path, let line, let limit):
            return "Data file \(path) line \(line) is longer than \(limit) bytes, so it was not read; a CRF data file "
                + "has one record per line: check that it is CSV text with line breaks (LF or CRLF), not a spreadsheet "
                + "or a file whose line breaks were lost, then validate again."
        case .unknownForm(let name, let known):
            return "Form `\(name)` is not defined in the protocol; use one of: \(known.joined(separator: ", "))."
        case .invalidExpression(let form, let expression, let problem):
            return "The protocol's expression `\(expression)` on form `\(form)` is not valid (\(problem)); check the protocol with TrialSpec."
        }
    }
}
