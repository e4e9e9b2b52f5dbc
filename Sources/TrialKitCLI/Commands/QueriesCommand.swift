import ArgumentParser
import TrialStore

/// `trialkit queries list|open|respond|close`: questions about data, open → responded → closed.
struct QueriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queries",
        abstract: "List, open, answer and close data queries (open → responded → closed, each audited).",
        discussion: "Importing a CRF file opens one query per warning (soft range, visit window, warning checks).",
        subcommands: [QueriesList.self, QueriesOpen.self, QueriesRespond.self, QueriesClose.self])
}

struct QueriesList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List queries, oldest first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only queries in this state: open, responded or closed.")
    var status: String?

    func run() throws {
        let session = try Session.open(global, for: .queriesList)
        var wanted: StoredQuery.Status?
        if let status {
            guard let parsed = StoredQuery.Status(rawValue: status) else {
                throw CLIError.usage("--status \(status) is not a query state; use open, responded or closed.")
            }
            wanted = parsed
        }
        let queries = try session.store.queries(status: wanted)
        if global.json { try Console.json(queries); return }
        if queries.isEmpty { print(wanted.map { "No \($0.rawValue) queries." } ?? "No queries."); return }
        var rows = [["ID", "STATUS", "PARTICIPANT", "VISIT", "FORM", "FIELD", "CODE", "OPENED (UTC)", "BY", "TEXT"]]
        rows += queries.map {
            [String($0.id), $0.status.rawValue, $0.participantID, $0.visit ?? "-", $0.form ?? "-", $0.field ?? "-",
             $0.code ?? "-", $0.openedAt, $0.openedBy, $0.text + ($0.response.map { " | response: \($0)" } ?? "")]
        }
        print(Console.table(rows))
    }
}

struct QueriesOpen: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "open", abstract: "Open a query about a participant's data (data manager, monitor).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The participant the query is about.", valueName: "participant-id"))
    var participant: String

    @Option var visit: String?
    @Option var form: String?
    @Option var field: String?

    @Option(help: "The question.")
    var text: String

    func run() throws {
        let context = try TrialContext.open(global, for: .queriesOpen)
        if let visit, context.spec.visit(named: visit) == nil {
            throw CLIError.usage("--visit \(visit) is not a visit of the protocol; use one of: \(context.spec.visits.map(\.name).joined(separator: ", ")).")
        }
        if let form, context.spec.form(named: form) == nil {
            throw CLIError.usage("--form \(form) is not a form of the protocol; use one of: \(context.spec.forms.map(\.name).joined(separator: ", ")).")
        }
        let query = try context.store.openQuery(
            NewQuery(participantID: participant, visit: visit, form: form, field: field, code: nil, text: try Self.nonEmpty(text, option: "--text")),
            actor: context.user)
        if global.json { try Console.json(query); return }
        print("Query \(query.id) opened at \(query.openedAt) by \(query.openedBy): \(query.text)")
    }

    static func nonEmpty(_ text: String, option: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError.usage("\(option) is empty; write the text in quotes, e.g. \(option) \"…\".") }
        return trimmed
    }
}

struct QueriesRespond: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "respond", abstract: "Answer a query (data manager, trial manager).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The query's number.", valueName: "id"))
    var id: Int

    @Option(help: "The answer.")
    var text: String

    func run() throws {
        let session = try Session.open(global, for: .queriesRespond)
        let query = try session.store.respondToQuery(id: id, text: try QueriesOpen.nonEmpty(text, option: "--text"), actor: session.user.name)
        if global.json { try Console.json(query); return }
        print("Query \(id) responded at \(query.respondedAt ?? "") by \(query.respondedBy ?? ""): \(query.response ?? "")")
    }
}

struct QueriesClose: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "close", abstract: "Close a query (data manager, monitor).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The query's number.", valueName: "id"))
    var id: Int

    func run() throws {
        let session = try Session.open(global, for: .queriesClose)
        let query = try session.store.closeQuery(id: id, actor: session.user.name)
        if global.json { try Console.json(query); return }
        print("Query \(id) closed at \(query.closedAt ?? "") by \(query.closedBy ?? "").")
    }
}
