import TrialCore

/// Keeps the first `limit` issues of a file in detail (by line, then in the order found) and
/// counts every issue by code and by severity, so a file with a million bad rows is reported in
/// bounded memory: O(limit) issues, however many there are.
struct IssueCollector {
    /// Most issues kept in detail; nil keeps every issue (`crf import` needs them all: each
    /// warning opens a query).
    let limit: Int?
    private(set) var kept: [(order: Int, issue: ValidationIssue)] = []
    private(set) var total = 0
    private(set) var codeCounts: [IssueCode: Int] = [:]
    private(set) var severityCounts: [Severity: Int] = [:]

    init(limit: Int?) { self.limit = limit }

    mutating func append(_ issue: ValidationIssue) {
        codeCounts[issue.code, default: 0] += 1
        severityCounts[issue.severity, default: 0] += 1
        kept.append((total, issue))
        total += 1
        // Trimmed in batches: amortized O(log limit) per issue, never more than 2·limit held.
        if let limit, kept.count >= 2 * max(limit, 1) { trim(to: limit) }
    }

    private mutating func trim(to limit: Int) {
        kept.sort { ($0.issue.line, $0.order) < ($1.issue.line, $1.order) }
        if kept.count > limit { kept.removeLast(kept.count - limit) }
    }

    /// The issues kept so far, in order of line (within a line, in the order found), without trimming.
    var sorted: [ValidationIssue] {
        kept.sorted { ($0.issue.line, $0.order) < ($1.issue.line, $1.order) }.map(\.issue)
    }

    /// The kept issues in order of line (within a line, in the order found).
    mutating func finish() -> [ValidationIssue] {
        trim(to: limit ?? kept.count)
        return kept.map(\.issue)
    }
}
