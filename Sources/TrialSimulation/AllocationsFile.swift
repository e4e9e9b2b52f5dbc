import Foundation
import Tabular
import TrialCore

/// A participant already randomized (read from an allocation file).
public struct AllocatedParticipant: Sendable, Equatable {
    public var id: String
    public var levels: [Int]
    public var arm: Int
    public var randomized: CalendarDate
}

/// Reads who got which arm, so that simulated outcomes follow real allocations.
///
/// Accepted formats:
/// - the JSON array of `trialkit randomize list --json` (`participant_id`, `arm`, `stratum`
///   as an object factor → level, `allocated_at` as an ISO 8601 UTC timestamp), listed by a role
///   the protocol does not blind (a blinded role sees `blinded`, which is refused);
/// - a CSV file with `participant_id`, `arm`, one column per stratification factor and
///   `randomization_date` (`YYYY-MM-DD`) or `allocated_at`.
/// The randomization date is the UTC date of `allocated_at`, as `crf validate` uses for windows.
public enum AllocationsFile {
    public static func read(path: String, trial: TrialProtocol) throws -> [AllocatedParticipant] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path)
                ? TableError.unreadableFile(path: path, reason: "it cannot be read") : TableError.fileNotFound(path: path)
        }
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        let json = first == UInt8(ascii: "[")
        let rows: [(line: Int, fields: [String: String])]
        if json {
            rows = try jsonRows(data, path: path)
        } else {
            let table = try TextTable.read(data: data, source: path)
            rows = table.rows.enumerated().map { index, row in
                (table.lineNumbers[index], Dictionary(zip(table.columnNames, row), uniquingKeysWith: { a, _ in a }))
            }
        }
        if rows.isEmpty { throw SimulationError.allocations(file: path, detail: "it lists no participant; list the allocations with `trialkit randomize list --json` after randomizing.") }
        var seen: [String: Int] = [:]
        return try rows.map { line, fields in
            func fail(_ detail: String) -> SimulationError { .allocations(file: path, detail: "\(json ? "entry" : "line") \(line): \(detail)") }
            guard let id = fields["participant_id"], !id.isEmpty else { throw fail("participant_id is missing.") }
            if let earlier = seen[id] { throw fail("\(id) is listed again (first on line \(earlier)); list each participant once.") }
            seen[id] = line
            guard let armCode = fields["arm"], !armCode.isEmpty else { throw fail("the arm of \(id) is missing.") }
            guard let arm = trial.arms.firstIndex(where: { $0.code == armCode }) else {
                if armCode == "blinded" {
                    throw fail("the arm of \(id) is `blinded`: the list was made by a role the protocol blinds; list the allocations as an unblinded role (e.g. the statistician).")
                }
                throw fail("the arm \(armCode) of \(id) is not an arm of the protocol (\(trial.arms.map(\.code).joined(separator: ", "))).")
            }
            let levels = try trial.stratification.map { factor -> Int in
                guard let level = fields["stratum." + factor.name] ?? fields[factor.name] else {
                    throw fail("\(id) has no level for the stratification factor \(factor.name).")
                }
                guard let index = factor.levels.firstIndex(of: level.precomposedStringWithCanonicalMapping) else {
                    throw fail("\(level) is not a level of \(factor.name) (\(factor.levels.joined(separator: ", "))).")
                }
                return index
            }
            let dateText = fields["randomization_date"] ?? fields["allocated_at"].map { String($0.prefix(10)) }
            guard let text = dateText, let date = CalendarDate(iso: text) else {
                throw fail("\(id) has no randomization_date (YYYY-MM-DD) or allocated_at timestamp.")
            }
            return AllocatedParticipant(id: id, levels: levels, arm: arm, randomized: date)
        }
    }

    /// Rows of `randomize list --json`, flattened (`stratum.<factor>` for the stratum object).
    static func jsonRows(_ data: Data, path: String) throws -> [(line: Int, fields: [String: String])] {
        guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
            throw SimulationError.allocations(file: path, detail: "it is not a JSON array of allocations as `trialkit randomize list --json` writes.")
        }
        return try array.enumerated().map { index, element in
            guard let object = element as? [String: Any] else {
                throw SimulationError.allocations(file: path, detail: "element \(index + 1) is not an object.")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                if let text = value as? String { fields[key] = text }
                if let number = value as? NSNumber { fields[key] = number.stringValue }
                if let nested = value as? [String: Any] {
                    for (inner, level) in nested { if let text = level as? String { fields[key + "." + inner] = text } }
                }
            }
            return (index + 1, fields)
        }
    }
}
