import ArgumentParser
import CRFValidation
import Foundation
import TrialCore
import TrialStore

/// `trialkit crf import FILE --form F [--reason TEXT] [--pass 2]`.
struct CRFImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a CRF data file and store it in one transaction (data manager).",
        discussion: """
            Validates first, exactly as `crf validate`. When any issue is an error, the report is \
            printed, nothing is written and the exit code is 65. Otherwise every value is stored \
            in one transaction with one audit event each, and every warning opens a query. \
            Records already stored are refused as duplicates unless --reason is given: then the \
            file corrects them, and each changed value's audit event keeps the old value and the \
            reason. --pass 2 stores the second pass of double data entry apart from the values \
            of record; `trialkit crf compare` lists where the passes disagree.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The CSV data file.", valueName: "file"))
    var file: String

    @Option(help: "The protocol form the file holds.")
    var form: String

    @Option(help: "Why stored values are changed (required to correct stored records).")
    var reason: String?

    @Option(help: "Entry pass: 1 (default, the values of record) or 2 (double data entry).")
    var pass: Int = 1

    @Flag(name: .customLong("show-values"), help: "Put the offending values into messages.")
    var showValues = false

    func run() throws {
        // Validate on a read-only connection: a refused import leaves the file byte-identical.
        let context = try TrialContext.open(global, for: .crfImport, readOnly: true)
        let entryPass = try EntryPass.parse(pass)
        let correcting = !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        let inputs = try ValidationInputs.load(context.store, pass: entryPass, correcting: correcting)
        let report = try inputs.validate(Validator(protocol: context.spec, showValues: showValues), file: file, form: form)
        let errors = ReportPrinter.errorCount(report)
        if errors > 0 {
            try ReportPrinter.print(report, json: global.json)
            let hint = !correcting && report.issues.contains { $0.code == .duplicateRecord }
                ? " To correct records already stored, import again with --reason TEXT." : ""
            throw CLIError.invalidData("\(file) has \(errors) error\(errors == 1 ? "" : "s") (see the report), so nothing was written; correct them and import again.\(hint)")
        }
        let rows = try RecordTexts(file: file, form: form, trial: context.spec).rows
        let records = rows.map { CRFRecord(participantID: $0.participantID, visit: $0.visit, form: form, values: $0.values) }
        let warnings = report.issues.filter { $0.severity != .error }
        let queries = entryPass == .first ? warnings.compactMap { Self.query(for: $0, form: form) } : []
        let store = try TrialStore.open(path: context.store.path)
        let summary = try store.storeRecords(records, pass: entryPass, queries: queries, actor: context.user,
                                                     reason: reason, action: AuditAction.crfImport)
        if global.json {
            try Console.json(CRFImportResult(file: file, form: form, pass: entryPass.rawValue, summary: summary, warnings: warnings))
            return
        }
        let passText = entryPass == .second ? " (entry pass 2)" : ""
        print("Imported \(summary.records) records of form \(form)\(passText) from \(file) in one transaction: "
              + "\(summary.created) values stored, \(summary.changed) changed, \(summary.unchanged) unchanged.")
        for warning in warnings { print(warning.description) }
        if !summary.queriesOpened.isEmpty {
            print("\(summary.queriesOpened.count) quer\(summary.queriesOpened.count == 1 ? "y" : "ies") opened for the warnings: "
                  + summary.queriesOpened.map(String.init).joined(separator: ", ") + " (see `trialkit queries list`).")
        }
    }

    /// The query a warning raises (the record columns name no field of the form).
    static func query(for issue: ValidationIssue, form: String) -> NewQuery? {
        guard let participant = issue.participantID else { return nil }
        return NewQuery(participantID: participant, visit: issue.visit, form: form, field: issue.field,
                        code: issue.code.rawValue, text: issue.message)
    }
}

/// `crf import --json`: what was stored and the warnings that opened queries.
struct CRFImportResult: Encodable {
    var file: String
    var form: String
    var pass: Int
    var summary: CRFWriteSummary
    var warnings: [ValidationIssue]

    enum CodingKeys: String, CodingKey { case file, form, pass, warnings }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(form, forKey: .form)
        try container.encode(pass, forKey: .pass)
        try container.encode(warnings, forKey: .warnings)
    }
}
