import Foundation
import GRDB
import Testing

let peerFixtures = packageRoot + "/fixtures/crf/peer"

extension Workspace {
    /// A PEER trial with dina (data manager), mona (monitor), tom (trial manager) and stan
    /// (statistician), and the fixture's participants (or its first `limit`) randomized today.
    func crfTrial(limit: Int? = nil) throws {
        try initialize()
        for (name, role) in [("dina", "data-manager"), ("mona", "monitor"), ("tom", "trial-manager"), ("stan", "statistician")] {
            #expect(try trialkit("user", "add", name, "--role", role, "--user", "alice").status == 0)
        }
        #expect(try trialkit("randomize", "generate", "--seed", "7", "--user", "stan").status == 0)
        let lines = try String(contentsOfFile: peerFixtures + "/participants.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
        try write("participants.csv", lines.prefix(1 + (limit ?? lines.count)).joined(separator: "\n") + "\n")
        let outcome = try trialkit("randomize", "--from-csv", "participants.csv", "--user", "tom")
        #expect(outcome.status == 0, "\(outcome)")
    }

    /// Copies a PEER fixture (`clean/qpr15.csv`) here as `name`, keeping the header and the rows
    /// that `keep` accepts, with each visit date moved so that it lies as far from today (the
    /// day the test randomized) as it lay from the fixture's randomization date.
    func fixture(_ path: String, as name: String, keep: (Int, [String]) -> Bool = { _, _ in true },
                 edit: (inout [String], [String]) -> Void = { _, _ in }) throws {
        let randomized = Dictionary(uniqueKeysWithValues: try String(contentsOfFile: peerFixtures + "/participants.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { line -> (String, String) in
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                return (cells[0], cells[2])
            })
        let text = try String(contentsOfFile: peerFixtures + "/" + path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let delimiter: Character = lines[0].filter { $0 == ";" }.count > lines[0].filter { $0 == "," }.count ? ";" : ","
        let header = lines[0].split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        let date = header.firstIndex(of: "visit_date"), id = header.firstIndex(of: "participant_id")
        var out = [lines[0]]
        for (index, line) in lines.dropFirst().enumerated() {
            var cells = line.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
            guard keep(index, cells) else { continue }
            if let date, let id, date < cells.count, id < cells.count, let from = randomized[cells[id]] {
                cells[date] = shift(cells[date], from: from)
            }
            edit(&cells, header)
            out.append(cells.joined(separator: String(delimiter)))
        }
        try write(name, out.joined(separator: "\n") + "\n")
    }

    /// Number of rows in `table` (read as an outsider would).
    func count(_ sql: String, db: String = "trial.sqlite") throws -> Int {
        let queue = try DatabaseQueue(path: file(db))
        defer { try? queue.close() }
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }

    func auditCount() throws -> Int { try count("SELECT COUNT(*) FROM audit_event") }
}

/// `date` + (today − `from`) days, as YYYY-MM-DD (unchanged when either is not a date).
func shift(_ date: String, from: String) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let format = DateFormatter()
    format.calendar = calendar; format.timeZone = calendar.timeZone; format.dateFormat = "yyyy-MM-dd"
    format.locale = Locale(identifier: "en_US_POSIX")
    guard let day = format.date(from: date), let origin = format.date(from: from) else { return date }
    let today = calendar.startOfDay(for: Date())
    let offset = calendar.dateComponents([.day], from: origin, to: day).day!
    return format.string(from: calendar.date(byAdding: .day, value: offset, to: today)!)
}
