import ArgumentParser
import CRFExport
import Foundation
import TrialSpec
import TrialStore
import Digest

/// `trialkit export odm [--out FILE] [--force]`.
struct ExportODM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odm",
        abstract: "Write the protocol and every stored record as a CDISC ODM 1.3.2 snapshot (XML).",
        discussion: """
            Metadata: one StudyEventDef per visit, one FormDef and ItemGroupDef per form, one \
            ItemDef per field (DataType, Length, SignificantDigits, hard and soft RangeChecks, \
            CodeLists for choices). Clinical data: SubjectData per participant, StudyEventData per \
            visit, FormData per record, ItemData per non-empty value (missing-value codes as the \
            codes). The randomization is the event SE.RANDOMIZATION (arm, strata); roles the \
            protocol blinds get the strata only. Each export is recorded in the audit trail \
            (data.export) with a SHA-256 of the file.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Write to this new file instead of standard output.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file (written to a temporary name, then renamed into place).")
    var force = false

    func run() throws {
        let context = try TrialContext.open(global, for: .exportODM)
        let dataset = try context.exportDataset()
        let writer = ODMWriter(dataset: dataset, created: Date(), version: TrialKitCommand.configuration.version,
                               protocolVersion: context.stored.version)
        let xml = try writer.xml()
        let sha256 = sha256Hex(xml)
        let record = DataExportRecord(kind: "odm", form: nil, rows: dataset.records.count, arms: dataset.armsVisible, file: out, sha256: sha256)
        guard try context.deliverExport(xml, record: record, to: out, force: force), let out else { return }
        let subjects = Set(dataset.records.map(\.participantID)).union(dataset.subjects.keys).count
        if global.json {
            try Console.json(ExportODMResult(file: out, subjects: subjects, records: dataset.records.count, arms: dataset.armsVisible,
                                             sha256: sha256))
        } else {
            print("Wrote ODM 1.3.2 with \(subjects) participants and \(dataset.records.count) records to \(out)"
                  + (dataset.armsVisible ? "." : " (no arms: the protocol blinds your role)."))
        }
    }
}

/// `export odm --out FILE --json`.
struct ExportODMResult: Encodable {
    var file: String
    var subjects: Int
    var records: Int
    var arms: Bool
    var sha256: String
}
