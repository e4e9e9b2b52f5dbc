import ArgumentParser
import Foundation
import Randomization
import Tabular
import TrialSpec
import TrialStore
import Digest

/// `trialkit randomize import --format redcap FILE` (statistician).
struct RandomizeImport: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case redcap }

    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store an uploaded allocation table instead of generating lists (statistician).",
        discussion: """
            Reads a REDCap allocation table: redcap_randomization_group (arm) and one column per \
            stratification factor, as raw codes (arm k and level l of the protocol have codes k \
            and l) or as arm codes and level names; optionally redcap_randomization_number. The \
            n-th row of a stratum becomes its slot n. Every problem is reported and nothing is \
            stored unless the whole table is valid. Refused when lists exist.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The table's format.", valueName: "format"))
    var format: Format

    @Argument(help: ArgumentHelp("The allocation table (CSV).", valueName: "file"))
    var file: String

    @Option(help: "Why the table is imported (kept in the audit trail).")
    var reason: String?

    func run() throws {
        let context = try TrialContext.open(global, for: .randomizeImport)
        if let existing = try context.store.allocationLists().first {
            throw StoreError.allocationListsExist(strata: try context.store.allocationLists().count,
                                                  createdAt: existing.createdAt, createdBy: existing.createdBy)
        }
        let design = try ListDesign(protocol: context.spec)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw FileManager.default.fileExists(atPath: file)
                ? TableError.unreadableFile(path: file, reason: error.localizedDescription) : TableError.fileNotFound(path: file)
        }
        let table = try TextTable.read(data: data, source: file)
        let columns = table.columnNames.enumerated().map { index, name in
            (name: name, values: table.rows.map { $0[index].isEmpty ? nil : $0[index] } as [String?])
        }
        let rows = try RedcapAllocationTable.read(columns: columns, lineNumbers: table.lineNumbers, design: design, source: file)
        let sha256 = sha256Hex(data)
        let stored = try context.store.storeAllocationLists(
            RandomizationWiring.newLists(from: rows, design: design), method: context.spec.randomization.method.rawValue,
            parameters: try RandomizationWiring.parameters(context.spec, slotsPerStratum: nil),
            source: .imported(sha256: sha256), actor: context.user, reason: reason)
        if global.json {
            try Console.json(ImportResult(file: file, sha256: sha256, rows: rows.count, lists: stored))
            return
        }
        print("Imported \(rows.count) rows from \(file) (SHA-256 \(sha256)) as the sealed allocation lists of \(stored.count) strata.")
        print("The lists are stored sealed: no command shows a future slot to those who randomize.")
    }
}

struct ImportResult: Encodable {
    var file: String
    var sha256: String
    var rows: Int
    var strata: Int

    init(file: String, sha256: String, rows: Int, lists: [AllocationListSummary]) {
        self.file = file; self.sha256 = sha256; self.rows = rows; strata = lists.count
    }
}
