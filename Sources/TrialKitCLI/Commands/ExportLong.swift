import Analysis
import ArgumentParser
import Foundation
import TrialSpec
import TrialStore
import Digest

/// `trialkit export long [--outcome NAME] [--out FILE] [--force]`: the long analysis data set.
struct ExportLong: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "long",
        abstract: "Write the long analysis data set: one row per randomized participant and visit after baseline.",
        discussion: """
            Columns: participant_id, arm, the stratification factors, visit, then <score> and \
            <score>_baseline for each score of the analysis plan (a missing value is an empty cell). \
            With --outcome only that outcome's score (and only its visit when its formula has no \
            visit term): exactly the data `trialkit analyze` fits, so `trialkit fit` on the file with \
            the outcome's formula gives the same numbers. Roles the protocol blinds get no arm column. \
            Data manager, statistician or monitor; recorded in the audit trail (data.export). Exit codes: 64 unknown outcome, 73 --out exists \
            (use --force), 77 not permitted.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this planned outcome's data (e.g. qpr15_post).", valueName: "name"))
    var outcome: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file (written to a temporary name, then renamed into place).")
    var force = false

    func run() throws {
        let context = try TrialContext.open(global, for: .exportLong)
        let input = try AnalysisWiring.input(context)
        let long = try TrialAnalysis.longData(input, outcome: outcome, includeArm: !context.armsBlinded)
        let text = long.csv
        let sha256 = sha256Hex(Data(text.utf8))
        // A disclosure of trial data, audited like `export csv` and `export odm`.
        let record = DataExportRecord(kind: "long", form: outcome, rows: long.rows.count, arms: !context.armsBlinded,
                                      file: out, sha256: sha256)
        guard try context.deliverExport(Data(text.utf8), record: record, to: out, force: force), let out else { return }
        if global.json {
            try Console.json(["file": JSONValue.string(out), "rows": .int(long.rows.count),
                              "columns": .strings(long.columns), "sha256": .string(sha256)])
        } else {
            print("Wrote \(long.rows.count) rows (\(long.columns.joined(separator: ", "))) to \(out); SHA-256 \(sha256).")
        }
    }
}
