import Foundation
import GRDB
import Testing

typealias GRDBQueue = DatabaseQueue

@Suite("Queries")
struct QueryCommandTests {
    @Test("A warning on import opens a query; respond and close are audited; a closed query cannot change")
    func lifecycle() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 2)
        // Age 85 is above PEER's soft maximum of 80: accepted, with a warning.
        try w.fixture("clean/demographics.csv", as: "d.csv", keep: { index, _ in index < 2 }) { cells, header in
            if cells[0] == "P001" { cells[header.firstIndex(of: "age")!] = "85" }
        }
        let imported = try w.trialkit("crf", "import", "d.csv", "--form", "demographics", "--user", "dina")
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("1 query opened for the warnings: 1 (see `trialkit queries list`)."))
        let open = try #require(try w.trialkit("queries", "list", "--status", "open", "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(open.count == 1)
        #expect(open.first?["participant_id"] as? String == "P001" && open.first?["field"] as? String == "age"
                && open.first?["code"] as? String == "soft_range" && open.first?["opened_by"] as? String == "dina")
        let respond = try w.trialkit("queries", "respond", "1", "--text", "Checked the source: 85 is right", "--user", "tom")
        #expect(respond.status == 0, "\(respond)")
        #expect(try w.trialkit("queries", "list", "--status", "open", "--user", "mona").stdout == "No open queries.\n")
        #expect(try w.trialkit("queries", "close", "1", "--user", "mona").status == 0)
        let closed = try #require(try w.trialkit("queries", "list", "--json", "--user", "dina").json() as? [[String: Any]])
        #expect(closed.first?["status"] as? String == "closed" && closed.first?["closed_by"] as? String == "mona"
                && closed.first?["response"] as? String == "Checked the source: 85 is right")
        let again = try w.trialkit("queries", "close", "1", "--user", "mona")
        #expect(again.status == 65 && again.stderr.contains("Query 1 was closed at"))
        #expect(try w.trialkit("queries", "respond", "9", "--text", "x", "--user", "dina").status == 66)
        #expect(try w.trialkit("queries", "list", "--status", "pending", "--user", "dina").status == 64)
        let log = try #require(try w.trialkit("audit", "log", "--entity", "query", "--json", "--user", "mona").json() as? [[String: Any]])
        #expect(log.map { $0["action"] as? String } == ["crf.import", "query.respond", "query.close"])
        #expect(try w.trialkit("audit", "verify", "--user", "mona").status == 0)
        // A manual query.
        let manual = try w.trialkit("queries", "open", "P002", "--visit", "baseline", "--form", "demographics", "--field", "sex",
                                    "--text", "Please confirm sex", "--user", "mona")
        #expect(manual.status == 0 && manual.stdout.hasPrefix("Query 2 opened at "))
        #expect(try w.trialkit("queries", "open", "P999", "--text", "who?", "--user", "mona").status == 65)
    }
}
