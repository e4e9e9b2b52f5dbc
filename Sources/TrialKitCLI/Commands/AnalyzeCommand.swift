import Analysis
import ArgumentParser
import Foundation
import Reporting
import TrialSpec
import TrialStore
import Digest

/// `trialkit analyze [--outcome NAME] [--json] [--html FILE] [--force]` (statistician): runs the
/// protocol's analysis plan on the stored data and records the run.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run the protocol's analysis plan on the stored data and record the results (statistician).",
        discussion: """
            For each planned outcome: EMMs by arm at the outcome's visit with confidence intervals, \
            each arm minus the control arm with its interval and p-value, Cohen's d (difference / \
            pooled baseline SD), the model and df method, and the participants and observations \
            analysed; then the observed / missing counts per arm and visit. The long data are \
            those of `trialkit export long`; `fit_command` in the JSON reproduces each outcome with \
            `trialkit fit`. Each run is recorded in the database (protocol SHA-256, SHA-256 of the \
            long data, software version, results) and in the audit trail. Refused for a \
            statistician the protocol blinds. Exit codes: 64 unknown outcome, 65 the data cannot \
            support a model, 73 --html file exists (use --force), 77 not permitted. --html writes one \
            self-contained HTML page (CONSORT flow, baseline table, results, trajectory and forest \
            plots, model details); it loads nothing from the network.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only this planned outcome (e.g. qpr15_post).", valueName: "name"))
    var outcome: String?

    @Option(help: ArgumentHelp("Also write the HTML report to this file.", valueName: "file"))
    var html: String?

    @Flag(help: "Replace an existing --html file.")
    var force = false

    static let softwareVersion = "trialkit \(TrialKitCommand.configuration.version)"

    func run() throws {
        let context = try TrialContext.open(global, for: .analyze)
        if context.armsBlinded { throw CLIError.blinded(command: .analyze, role: context.role) }
        if let html, !force, FileManager.default.fileExists(atPath: html) {
            throw CLIError.outputExists(path: html)  // before anything is recorded
        }
        let input = try AnalysisWiring.input(context)
        var result = try TrialAnalysis.run(input, outcome: outcome)
        result.software = [SoftwareComponent(name: "trialkit", version: TrialKitCommand.configuration.version)]
        let data = try TrialAnalysis.longData(input, outcome: outcome)
        let dataHash = sha256Hex(Data(data.csv.utf8))
        let results = try AnalysisJSON.encode(result, pretty: false)
        let run = try context.store.recordAnalysis(AnalysisRunInput(
            protocolVersion: context.stored.version, protocolChecksum: context.stored.checksum, dataHash: dataHash,
            softwareVersion: Self.softwareVersion, outcome: outcome, results: results), actor: context.user)
        let provenance = AnalysisProvenance(run: run)
        if let html {
            let document = try AnalysisReportDocument.make(
                result, trial: context.spec, provenance: provenance, generatedAt: provenance.runAt)
            let page: String
            do { page = try HTMLReport.render(document) } catch {
                throw CLIError.invalidData("The analysis was recorded as run #\(provenance.runID), but its HTML report could not be built: \(error); nothing was written to \(html). Check the data counts it names, or report a bug.")
            }
            try OutputFile.write(page, to: html, force: force)
        }
        if global.json {
            print(try AnalysisJSON.encode(AnalysisOutput(result: result, run: provenance), pretty: true))
        } else {
            print(AnalysisText.render(result, run: provenance))
        }
    }
}

/// Where a result came from: the recorded run.
struct AnalysisProvenance: Encodable {
    var runID: Int
    var protocolVersion: Int
    var protocolChecksum: String
    var dataHash: String
    var softwareVersion: String
    var runAt: String
    var runBy: String

    init(run: AnalysisRun) {
        runID = run.id; protocolVersion = run.input.protocolVersion; protocolChecksum = run.input.protocolChecksum
        dataHash = run.input.dataHash; softwareVersion = run.input.softwareVersion; runAt = run.runAt; runBy = run.runBy
    }
}

/// `trialkit analyze --json`: the results with the recorded run.
struct AnalysisOutput: Encodable {
    var result: AnalysisResult
    var run: AnalysisProvenance
}

/// JSON of analysis results: snake_case keys, sorted, doubles at full precision (shortest
/// round-trip form); a non-finite number (a p-value without df) is written as null.
enum AnalysisJSON {
    static func encode<Value: Encodable>(_ value: Value, pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
