import Tabular

/// Which subject, visit and covariance group each used row of a model frame belongs to.
///
/// Visits are the levels of the time column over the whole table (R's sorted order, numeric
/// columns numerically, or `CovarianceSpecification.timeOrder`); a row with a missing outcome was
/// already dropped by the model frame, so a subject keeps the visits it was observed at (SAS and
/// mmrm drop only the missing observation).
struct RepeatedMeasures: Sendable {
    struct Subject: Sendable {
        let name: String
        let group: Int
        /// Frame rows of the subject's observations, in visit order.
        let rows: [Int]
        /// The visit index of each of those rows (strictly increasing).
        let visits: [Int]
    }

    let visitLevels: [String]
    /// Levels of the group column; one unnamed group when there is none.
    let groupLevels: [String]
    let hasGroups: Bool
    let subjects: [Subject]
    /// Distinct subject identifiers over the whole table, observed or not (SAS's "Subjects" in
    /// "Dimensions", which its BIC uses).
    let subjectsInTable: Int

    var visitCount: Int { visitLevels.count }
    var groupCount: Int { groupLevels.count }

    init(frame: ModelFrame, table: DataTable, specification spec: CovarianceSpecification) throws(MMRMError) {
        let rows = frame.usedRows
        let subjectValues = try Self.labels(table, spec.subject, role: "subject", rows: rows)
        let timeValues = try Self.labels(table, spec.time, role: "time", rows: rows)
        var visitLevels = try Self.levels(table, spec.time, role: "time")
        if let order = spec.timeOrder {
            guard order.count == visitLevels.count, Set(order) == Set(visitLevels) else {
                throw .timeOrderMismatch(column: spec.time, levels: visitLevels, given: order)
            }
            visitLevels = order
        }
        var groupValues = [String](repeating: "", count: rows.count)
        var groupLevels = [""]
        if let group = spec.group {
            groupValues = try Self.labels(table, group, role: "group", rows: rows)
            groupLevels = try Self.levels(table, group, role: "group").filter(Set(groupValues).contains)
        }
        let visitIndex = Dictionary(uniqueKeysWithValues: visitLevels.enumerated().map { ($1, $0) })
        let groupIndex = Dictionary(uniqueKeysWithValues: groupLevels.enumerated().map { ($1, $0) })

        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (position, name) in subjectValues.enumerated() {
            if members[name] == nil { order.append(name) }
            members[name, default: []].append(position)
        }
        var subjects: [Subject] = []
        subjects.reserveCapacity(order.count)
        for name in order {
            let positions = members[name]!.sorted { visitIndex[timeValues[$0]]! < visitIndex[timeValues[$1]]! }
            let group = groupValues[positions[0]]
            var visits: [Int] = []
            for position in positions {
                let visit = visitIndex[timeValues[position]]!
                if visits.last == visit {
                    throw .duplicateVisit(subject: name, visit: timeValues[position],
                                          line: table.lineNumbers[rows[position]])
                }
                if groupValues[position] != group, let column = spec.group {
                    throw .subjectInTwoGroups(subject: name, column: column, first: group, second: groupValues[position])
                }
                visits.append(visit)
            }
            subjects.append(Subject(name: name, group: groupIndex[group]!, rows: positions, visits: visits))
        }
        self.visitLevels = visitLevels
        self.groupLevels = groupLevels
        self.hasGroups = spec.group != nil
        self.subjects = subjects
        switch table.columns[spec.subject] {
        case .numeric(let values): subjectsInTable = Set(values.compactMap { $0 }).count
        case .text(let values): subjectsInTable = Set(values.compactMap { $0 }).count
        case nil: subjectsInTable = subjects.count
        }
        try checkCoverage(time: spec.time, unstructured: spec.structure == .unstructured)
    }

    /// Every visit needs an observation in every group; an unstructured covariance also needs
    /// each pair of visits observed together in some subject of the group.
    private func checkCoverage(time: String, unstructured: Bool) throws(MMRMError) {
        let m = visitCount
        for g in 0..<groupCount {
            var seen = [Bool](repeating: false, count: m)
            var together = [Bool](repeating: false, count: m * m)
            for subject in subjects where subject.group == g {
                for a in subject.visits {
                    seen[a] = true
                    for b in subject.visits { together[a + b * m] = true }
                }
            }
            let label = hasGroups ? groupLevels[g] : nil
            if let missing = seen.firstIndex(of: false) {
                throw .visitWithoutObservations(visit: visitLevels[missing], column: time, group: label)
            }
            guard unstructured else { continue }
            for b in 0..<m {
                for a in (b + 1)..<max(m, b + 1) where !together[a + b * m] {
                    throw .visitsNeverTogether(first: visitLevels[b], second: visitLevels[a], group: label)
                }
            }
        }
    }

    /// The column's values on the used rows as level labels (numbers as R's `as.character`).
    static func labels(_ table: DataTable, _ name: String, role: String, rows: [Int]) throws(MMRMError) -> [String] {
        guard let column = table.columns[name] else {
            throw .unknownColumn(role: role, name: name, available: table.columnNames)
        }
        var result: [String] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            let label: String?
            switch column {
            case .numeric(let values): label = values[row].map(RNumberFormat.string)
            case .text(let values): label = values[row]
            }
            guard let label else { throw .missingValue(role: role, column: name, line: table.lineNumbers[row]) }
            result.append(label)
        }
        return result
    }

    /// The column's distinct non-missing values over the whole table, in R's factor order.
    static func levels(_ table: DataTable, _ name: String, role: String) throws(MMRMError) -> [String] {
        switch table.columns[name] {
        case .numeric(let values): return FactorCodes(numbers: values.compactMap { $0 }).levels
        case .text(let values): return FactorCodes(text: values.compactMap { $0 }).levels
        case nil: throw .unknownColumn(role: role, name: name, available: table.columnNames)
        }
    }
}
