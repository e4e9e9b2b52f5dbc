import ArgumentParser
import CRFExport
import Foundation
import TrialSpec
import TrialStore
import Digest

/// `trialkit export csv --form F [--out FILE] [--force] [--for-import]`.
struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Write one form's stored data as a wide CSV table: one row per participant and visit.",
        discussion: """
            Columns: participant_id, visit, visit_date, arm (left out for roles the protocol \
            blinds), one column per stratification factor, every field of the form in protocol \
            order (calculated fields computed), then the form's score and subscores. Missing-value \
            codes are written as the codes. --for-import keeps only the columns `crf validate` and \
            `crf import` accept (participant_id, visit, visit_date and the fields), so the file can \
            be validated or imported into another database as it is. Each export is recorded in \
            the audit trail (data.export) with a SHA-256 of its text.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The protocol form to export.")
    var form: String

    @Option(help: ArgumentHelp("Write to this new file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file (written to a temporary name, then renamed into place).")
    var force = false

    @Flag(name: .customLong("for-import"), help: "Only the columns `crf import` accepts (no arm, strata or scores).")
    var forImport = false

    func run() throws {
        let context = try TrialContext.open(global, for: .exportCSV)
        guard context.spec.form(named: form) != nil else {
            throw CLIError.usage("--form \(form) is not a form of the protocol; use one of: \(context.spec.forms.map(\.name).joined(separator: ", ")).")
        }
        let table = try WideTable(try context.exportDataset(), form: form, layout: forImport ? .forImport : .analysis)
        let text = table.csv()
        let sha256 = sha256Hex(Data(text.utf8))
        let record = DataExportRecord(kind: "csv", form: form, rows: table.rows.count, arms: !context.armsBlinded, file: out, sha256: sha256)
        guard try context.deliverExport(Data(text.utf8), record: record, to: out, force: force), let out else { return }
        if global.json {
            try Console.json(ExportCSVResult(file: out, form: form, rows: table.rows.count, columns: table.header, sha256: sha256))
        } else {
            print("Wrote \(table.rows.count) rows of form \(form) (\(table.header.count) columns) to \(out).")
        }
    }
}

/// `export csv --out FILE --json`.
struct ExportCSVResult: Encodable {
    var file: String
    var form: String
    var rows: Int
    var columns: [String]
    var sha256: String
}
