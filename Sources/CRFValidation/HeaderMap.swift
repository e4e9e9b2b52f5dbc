import TrialCore

/// Which column holds what: the three record columns (participant_id, visit, visit_date) and
/// the form's fields, from the header row. Reports unknown, missing and duplicate columns.
struct HeaderMap {
    static let participantColumn = "participant_id"
    static let visitColumn = "visit"
    static let dateColumn = FieldReference.visitDate

    var participant: Int?
    var visit: Int?
    var visitDate: Int?
    /// Column of each form field (by field index), nil when absent.
    var fieldColumns: [Int?]
    var columnCount: Int

    init(names: [String], plan: FormPlan, report: (ValidationIssue) -> Void) {
        columnCount = names.count
        fieldColumns = Array(repeating: nil, count: plan.fields.count)
        var firstColumn: [String: Int] = [:]
        func issue(_ field: String, _ code: IssueCode, _ message: String) {
            report(ValidationIssue(line: 1, participantID: nil, visit: nil, field: field, code: code,
                                   severity: code.defaultSeverity, message: message))
        }
        for (column, name) in names.enumerated() {
            if let first = firstColumn[name] {
                issue(name, .duplicateColumn, "column `\(name)` appears again as column \(column + 1) (first as column "
                    + "\(first + 1)); remove the copy")
                continue
            }
            firstColumn[name] = column
            switch name {
            case Self.participantColumn: participant = column
            case Self.visitColumn: visit = column
            case Self.dateColumn: visitDate = column
            default:
                if let index = plan.fieldIndex[name] {
                    fieldColumns[index] = column
                } else if name.isEmpty {
                    issue("", .unknownColumn, "column \(column + 1) has no name in the header; name it or remove it")
                } else if let other = plan.trial.form(holdingField: name) {
                    issue(name, .unknownColumn, "column `\(name)` belongs to form `\(other.name)`, not `\(plan.form.name)`; "
                        + "validate it with that form or remove the column")
                } else {
                    let candidates = plan.form.fields.map(\.name) + [Self.participantColumn, Self.visitColumn, Self.dateColumn]
                    let hint = closest(to: name, among: candidates).map { "; did you mean `\($0)`?" }
                    issue(name, .unknownColumn, "column `\(name)` is not a field of form `\(plan.form.name)`"
                        + (hint ?? "; remove or rename it"))
                }
            }
        }
        for required in [Self.participantColumn, Self.visitColumn, Self.dateColumn] where firstColumn[required] == nil {
            issue(required, .missingColumn, "column `\(required)` is missing; every data file needs participant_id, "
                + "visit and visit_date")
        }
        for (index, field) in plan.form.fields.enumerated() where fieldColumns[index] == nil && field.kind != .calculated {
            issue(field.name, .missingColumn, "column `\(field.name)` of form `\(plan.form.name)` is missing; add it "
                + "(its cells may be left empty)")
        }
    }

    /// A likely intended name: the same ignoring case, or one edit away (two for longer names).
    private func closest(to name: String, among candidates: [String]) -> String? {
        if let same = candidates.first(where: { $0.lowercased() == name.lowercased() }) { return same }
        let limit = name.count <= 4 ? 1 : 2
        let word = Array(name.lowercased())
        return candidates.map { ($0, editDistance(word, Array($0.lowercased()))) }
            .filter { $0.1 <= limit }.min { $0.1 < $1.1 }?.0
    }

    private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
