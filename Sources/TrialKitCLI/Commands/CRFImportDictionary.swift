import ArgumentParser
import Foundation
import TrialSpec

/// `trialkit crf import-dictionary REDCAP.csv --out forms.yaml [--force] [--strict]`.
struct CRFImportDictionary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-dictionary",
        abstract: "Convert a REDCap data dictionary into TrialKit form YAML (needs no database).",
        discussion: """
            Reads the 18-column data dictionary CSV REDCap exports and writes its instruments as \
            the `forms:` section of a protocol file. Field types, validation types, ranges, \
            required flags, branching logic and calculations are converted; the converted logic \
            is parsed and type-checked by TrialKit's own expression checker, and the forms are \
            read back by the protocol loader before anything is written. Whatever cannot be \
            converted is listed by variable, line and reason on stdout and as comments at the \
            top of the YAML. Exit 0 when the file was written (also with unconverted items, \
            unless --strict: then nothing is written and the exit code is 65), 65 when the \
            input is not a REDCap data dictionary (nothing written), 66 when it is missing, \
            73 when --out exists and --force is not given.
            """)

    /// Accepted like every command's (`--json` is used; no database or user is needed).
    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The REDCap data dictionary (CSV).", valueName: "dictionary"))
    var dictionary: String

    @Option(help: ArgumentHelp("Where to write the form YAML.", valueName: "path"))
    var out: String

    @Flag(help: "Replace --out if it exists.")
    var force = false

    @Flag(help: "Write nothing and exit 65 when anything cannot be converted.")
    var strict = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: dictionary) else {
            throw REDCapDictionaryError.fileMissing(path: dictionary)
        }
        let conversion = try REDCapDictionary.convert(data: data, fileName: dictionary)
        if strict, !conversion.unconverted.isEmpty {
            printSummary(conversion, written: false)
            throw CLIError.invalidData("\(dictionary): \(conversion.unconverted.count) item\(conversion.unconverted.count == 1 ? "" : "s") could not be converted (listed above) and --strict is set, so nothing was written.")
        }
        try OutputFile.write(conversion.yaml, to: out, force: force)
        printSummary(conversion, written: true)
    }

    private func printSummary(_ conversion: REDCapConversion, written: Bool) {
        if global.json {
            struct Result: Encodable {
                var dictionary: String, out: String?, forms: [String], fields: Int
                var unconverted: [REDCapUnconverted], notes: [REDCapNote]
            }
            try? Console.json(Result(dictionary: dictionary, out: written ? out : nil, forms: conversion.forms.map(\.name),
                                     fields: conversion.fieldCount, unconverted: conversion.unconverted, notes: conversion.notes))
            return
        }
        let forms = conversion.forms.map(\.name).joined(separator: ", ")
        print("\(dictionary): \(conversion.fieldCount) fields in \(conversion.forms.count) form\(conversion.forms.count == 1 ? "" : "s") (\(forms))"
              + (written ? " written to \(out)." : "; nothing written."))
        if conversion.unconverted.isEmpty {
            print("Everything was converted.")
        } else {
            print("Not converted (\(conversion.unconverted.count)):")
            for item in conversion.unconverted { print("  " + item.description) }
        }
        if !conversion.notes.isEmpty {
            print("Notes (\(conversion.notes.count)):")
            for note in conversion.notes { print("  " + note.description) }
        }
        fflush(nil)
    }
}
