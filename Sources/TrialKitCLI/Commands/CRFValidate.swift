import ArgumentParser
import CRFValidation
import TrialStore

/// `trialkit crf validate FILE --form F`: every issue of a data file; writes nothing.
struct CRFValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Report every issue in a CRF data file (data manager, monitor); writes nothing.",
        discussion: """
            Checks the file against the form's field rules and edit checks, the enrolled \
            participants, the visit windows from each participant's randomization date and the \
            records already stored (duplicates, cross-visit checks). Exit 0 when no issue is an \
            error (warnings allowed), 65 when any is.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The CSV data file.", valueName: "file"))
    var file: String

    @Option(help: "The protocol form the file holds.")
    var form: String

    @Flag(name: .customLong("show-values"), help: "Put the offending values into messages (off by default: reports travel).")
    var showValues = false

    @Option(help: "Validate as entry pass 1 (default) or 2 of double data entry.")
    var pass: Int = 1

    @Option(name: .customLong("max-issues"), help: "List at most this many issues in detail (the first by line); all are counted.")
    var maxIssues: Int = 1000

    func run() throws {
        let context = try TrialContext.open(global, for: .crfValidate, readOnly: true)
        let entryPass = try EntryPass.parse(pass)
        guard maxIssues >= 1 else {
            throw CLIError.usage("--max-issues \(maxIssues) must be at least 1; every issue is counted, this limits only how many are listed.")
        }
        let inputs = try ValidationInputs.load(context.store, pass: entryPass, correcting: false)
        let validator = Validator(protocol: context.spec, showValues: showValues, issueLimit: maxIssues)
        let report = try inputs.validate(validator, file: file, form: form)
        try ReportPrinter.print(report, json: global.json)
        let errors = ReportPrinter.errorCount(report)
        if errors > 0 {
            throw CLIError.invalidData("\(file) has \(errors) error\(errors == 1 ? "" : "s") (see the report); correct them and validate again.")
        }
    }
}

extension EntryPass {
    /// `--pass 1` or `--pass 2`.
    static func parse(_ number: Int) throws -> EntryPass {
        guard let pass = EntryPass(rawValue: number) else {
            throw CLIError.usage("--pass \(number) is not an entry pass; use --pass 1 (the default) or --pass 2 (double data entry).")
        }
        return pass
    }
}
