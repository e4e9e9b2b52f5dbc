import ArgumentParser
import Foundation
import Randomization
import TrialSpec
import TrialStore
#if canImport(Glibc)
import Glibc
import Digest
#endif

/// `trialkit randomize export --format redcap|sealed-envelope|csv [--output FILE]` (statistician).
struct RandomizeExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the sealed allocation lists, every slot (unblinded statistician).",
        discussion: """
            redcap: a REDCap allocation table (redcap_randomization_group, then one column per \
            stratification factor, as raw codes: arm k and level l of the protocol are k and l). \
            sealed-envelope: block_id, block_size, sequence_within_block, stratum, treatment, \
            randomization_code. csv: stratum_index, stratum, sequence, block, block_size, \
            block_position, arm_index, arm (for a generated list, byte-identical to the list its \
            seed generates). Each export is recorded in the audit trail with a SHA-256 of its text. \
            Refused for a statistician the protocol blinds. --output creates a new file (mode 0600).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("redcap, sealed-envelope or csv.", valueName: "format"))
    var format: AllocationExportFormat

    @Option(help: ArgumentHelp("Write to this new file instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Replace an existing --output file (written to a temporary name, then renamed into place).")
    var force = false

    func run() throws {
        let context = try TrialContext.open(global, for: .randomizeExport)
        if context.armsBlinded { throw CLIError.blinded(command: .randomizeExport, role: context.role) }
        guard !(try context.store.allocationLists().isEmpty) else { throw StoreError.noAllocationLists }
        let design = try ListDesign(protocol: context.spec)
        let rows = try RandomizationWiring.listRows(try context.store.allocationListSlots(), design: design)
        let text = AllocationExport.render(format, rows: rows, design: design)
        let sha256 = sha256Hex(Data(text.utf8))
        if let output { try OutputFile.write(text, to: output, force: force) }
        try context.store.recordExport(format: format.rawValue, rows: rows.count, sha256: sha256, actor: context.user)
        if output == nil {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else if global.json {
            try Console.json(["file": output!, "format": format.rawValue, "rows": String(rows.count), "sha256": sha256])
        } else {
            print("Wrote \(rows.count) slots to \(output!) (\(format.rawValue), SHA-256 \(sha256)); the export is recorded in the audit trail.")
        }
    }
}

extension AllocationExportFormat: ExpressibleByArgument {}
