import Foundation

/// REDCap's randomization allocation table (the CSV uploaded to REDCap's randomization module).
///
/// Columns: `redcap_randomization_group` (the arm, as the raw code of the randomization field),
/// then one column per stratification factor named after the factor (the level's raw code), and
/// optionally `redcap_randomization_number` (the concealed number of a blinded table). REDCap
/// allocates the next unused row of the participant's stratum in upload order, so the n-th row
/// of a stratum is that stratum's slot n.
///
/// Raw codes: arm k of the protocol (1-based, protocol order) has code k, and level l of a factor
/// has code l. These are the choice codes the REDCap data dictionary must give the randomization
/// field and the strata fields. On import, arm codes (`PEER`) and level names (`Fredericia`) are
/// accepted as well as the numbers.
public enum RedcapAllocationTable {
    public static let groupColumn = "redcap_randomization_group"
    public static let numberColumn = "redcap_randomization_number"

    public static func render(rows: [ListRow], design: ListDesign) -> String {
        let factors = design.strata.factors
        var lines = [([groupColumn] + factors.map(\.name)).map(AllocationListCSV.field).joined(separator: ",")]
        for row in rows {
            let levels = design.strata.levels(ofStratum: row.slot.stratum).map { String($0 + 1) }
            lines.append(([String(row.slot.arm + 1)] + levels).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads a table whose columns have been split by a CSV reader: `columns` in file order, each
    /// cell nil when empty; `lineNumbers[r]` is the file line of row r (header = line 1). Rows
    /// whose cells are all empty are skipped, as REDCap does.
    ///
    /// Checks, reporting every problem: the group column and one column per factor are present
    /// (and no other column but `redcap_randomization_number`); every cell is filled; every arm
    /// and level is a known code or name; every stratum has at least one row.
    public static func read(columns: [(name: String, values: [String?])], lineNumbers: [Int],
                            design: ListDesign, source: String) throws(AllocationTableError) -> [ListRow] {
        var problems: [AllocationTableProblem] = []
        func problem(_ line: Int?, _ message: String) { problems.append(AllocationTableProblem(line: line, message: message)) }
        let factors = design.strata.factors
        let allowed = [groupColumn] + factors.map(\.name) + [numberColumn]
        let names = columns.map { $0.name.precomposedStringWithCanonicalMapping }
        for name in names where !allowed.contains(name) {
            problem(1, "unknown column \"\(name)\"; an allocation table for this protocol has the columns "
                + allowed.map { "\"\($0)\"" }.joined(separator: ", ") + " (the last is optional)")
        }
        func column(_ name: String) -> [String?]? { names.firstIndex(of: name).map { columns[$0].values } }
        let group = column(groupColumn)
        if group == nil { problem(1, "the column \"\(groupColumn)\" (the arm of each row) is missing") }
        let levelColumns = factors.map { column($0.name) }
        for (factor, values) in zip(factors, levelColumns) where values == nil {
            problem(1, "the column \"\(factor.name)\" (stratification factor) is missing")
        }
        guard let group, problems.isEmpty else { throw AllocationTableError(source: source, problems: problems) }
        let numbers = column(numberColumn)

        var rows: [ListRow] = []
        var sequences = [Int](repeating: 0, count: design.strata.count)
        for r in 0..<lineNumbers.count {
            let line = lineNumbers[r]
            let cells = [group[r], numbers?[r]] + levelColumns.map { $0![r] }
            if cells.allSatisfy({ ($0 ?? "").isEmpty }) { continue }
            let arm = code(group[r], column: groupColumn, names: design.arms.arms.map(\.code), line: line, &problems)
            var levels: [Int] = []
            for (factor, values) in zip(factors, levelColumns) {
                if let level = code(values![r], column: factor.name, names: factor.levels, line: line, &problems) {
                    levels.append(level)
                }
            }
            let number = numbers.map { $0[r] }
            if let number, (number ?? "").isEmpty {
                problem(line, "\"\(numberColumn)\" is empty; every row of a table with that column needs a number")
            }
            guard let arm, levels.count == factors.count, let stratum = try? design.strata.stratum(ofLevels: levels) else {
                continue
            }
            sequences[stratum] += 1
            rows.append(ListRow(slot: AllocationSlot(stratum: stratum, sequence: sequences[stratum], block: nil,
                                                     blockSize: nil, positionInBlock: nil, arm: arm),
                                code: number ?? nil))
        }
        if problems.isEmpty {
            if rows.isEmpty { problem(nil, "the table has no rows") }
            for s in sequences.indices where sequences[s] == 0 && !rows.isEmpty {
                problem(nil, "stratum \(design.strata.label(ofStratum: s)) has no rows, so nobody in it could be randomized; add rows for it")
            }
        }
        guard problems.isEmpty else { throw AllocationTableError(source: source, problems: problems) }
        return rows.sorted { ($0.slot.stratum, $0.slot.sequence) < ($1.slot.stratum, $1.slot.sequence) }
    }

    /// The 0-based index of `value` among `names`: a name itself, or its 1-based code. A value
    /// that is one name and the code of another is refused as ambiguous.
    private static func code(_ value: String?, column: String, names: [String], line: Int,
                             _ problems: inout [AllocationTableProblem]) -> Int? {
        guard let raw = value?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            problems.append(AllocationTableProblem(line: line, message: "\"\(column)\" is empty; every row needs a value"))
            return nil
        }
        let text = raw.precomposedStringWithCanonicalMapping
        let byName = names.firstIndex(of: text)
        let byCode = Int(text).flatMap { (1...names.count).contains($0) ? $0 - 1 : nil }
        if let byName, let byCode, byName != byCode {
            problems.append(AllocationTableProblem(line: line, message: "\"\(column)\" value \(text) is both the name of one "
                + "choice and the code of another; use the code"))
            return nil
        }
        if let index = byName ?? byCode { return index }
        let known = names.enumerated().map { "\($0.offset + 1) (\($0.element))" }.joined(separator: ", ")
        problems.append(AllocationTableProblem(line: line, message: "\"\(column)\" value \(text) is not a known code; use one of \(known)"))
        return nil
    }
}

/// One problem in an allocation table; `line` is the file line (header = 1), nil for the table as a whole.
public struct AllocationTableProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String
    public init(line: Int?, message: String) { self.line = line; self.message = message }
    public var description: String { (line.map { "line \($0): " } ?? "") + message }
}

/// Every problem found in an allocation table; nothing is imported from a table with problems.
public struct AllocationTableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var source: String
    public var problems: [AllocationTableProblem]

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "\(source) is not a valid allocation table for this protocol (\(count)), so nothing was imported; "
            + "fix each line below and import again:\n"
            + problems.map { "\(source):" + ($0.line.map { "\($0): " } ?? " ") + $0.message }.joined(separator: "\n")
    }
}
