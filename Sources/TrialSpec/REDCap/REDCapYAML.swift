import Foundation
import TrialCore

/// Writes converted forms as the `forms:` section of a protocol file, and reads them back
/// through the protocol loader to prove that TrialKit accepts them.
enum REDCapYAML {
    /// `comments` holds, per field, REDCap texts with no TrialKit key (section header, field
    /// note, …), written as comment lines above the field so that nothing is lost.
    static func document(forms: [Form], fileName: String, unconverted: [REDCapUnconverted], notes: [REDCapNote],
                         comments: [String: [String]] = [:]) -> String {
        var lines = [
            "# TrialKit forms converted from the REDCap data dictionary \(comment(fileName))",
            "# by `trialkit crf import-dictionary`. Paste the entries under `forms:` of a protocol file",
            "# (protocols/README.md) and list each form under the visits that collect it.",
        ]
        lines.append(unconverted.isEmpty ? "# Everything was converted." : "# Not converted (\(unconverted.count)):")
        lines += unconverted.map { "#   " + comment($0.description) }
        if !notes.isEmpty {
            lines.append("# Notes (\(notes.count)):")
            lines += notes.map { "#   " + comment($0.description) }
        }
        lines.append(forms.isEmpty ? "forms: []" : "forms:")
        return (lines + entries(forms, comments: comments)).joined(separator: "\n") + "\n"
    }

    static func entries(_ forms: [Form], comments: [String: [String]] = [:]) -> [String] {
        var lines: [String] = []
        for form in forms {
            lines.append("  - name: \(form.name)")
            lines.append("    fields:")
            for field in form.fields {
                lines += (comments[field.name] ?? []).map { "      # " + comment($0) }
                lines += self.field(field)
            }
            if !form.checks.isEmpty {
                lines.append("    checks:")
                for check in form.checks {
                    lines.append("      - check: \(quote(check.condition))")
                    lines.append("        severity: \(check.severity.rawValue)")
                    if let message = check.message { lines.append("        message: \(quote(message))") }
                    if let field = check.field { lines.append("        field: \(field)") }
                }
            }
        }
        return lines
    }

    private static func field(_ field: Field) -> [String] {
        var lines = ["      - name: \(field.name)"]
        if field.label != field.name { lines.append("        label: \(quote(field.label))") }
        lines.append("        kind: \(field.kind.rawValue)")
        for (key, value) in [("min", field.min), ("max", field.max), ("soft_min", field.softMin), ("soft_max", field.softMax)] {
            if let value { lines.append("        \(key): \(REDCapLogicTranslator.number(value))") }
        }
        if let decimals = field.decimals { lines.append("        decimals: \(decimals)") }
        if let pattern = field.pattern { lines.append("        pattern: \(quote(pattern))") }
        if field.required { lines.append("        required: true") }
        if !field.choices.isEmpty {
            lines.append("        choices:")
            for choice in field.choices {
                lines.append("          - {code: \(quote(choice.code)), label: \(quote(choice.label))}")
            }
        }
        if let showIf = field.showIf { lines.append("        show_if: \(quote(showIf))") }
        if let calculation = field.calculation { lines.append("        calculation: \(quote(calculation))") }
        return lines
    }

    /// A YAML double-quoted scalar: `\`, `"` and every control or line-separator character escaped.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028
                    || scalar.value == 0x2029 || scalar.value == 0xFEFF {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Text on one comment line.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x85 || $0.value == 0x2028
            || $0.value == 0x2029 ? " " : $0 }))
    }

    /// The forms as the protocol loader reads `yaml` back inside a minimal protocol (one visit
    /// collecting every form, plus a scored form at a later visit that the analysis section needs).
    static func load(forms: [Form], yaml: String, fileName: String) throws(REDCapDictionaryError) -> [Form] {
        let probe = "redcap_import_check"
        let wrapper = """
            schema_version: 1
            trial: {id: \(probe), title: "REDCap import check", target_sample_size: 2}
            arms:
              - {code: A, ratio: 1}
              - {code: B, ratio: 1}
            randomization: {method: complete}
            visits:
              - name: \(probe)_visit
                day: 0
                forms: [\((forms.map(\.name) + [probe]).joined(separator: ", "))]
              - name: \(probe)_after
                day: 1
                forms: [\(probe)]
            analysis:
              outcomes:
                - {name: \(probe)_outcome, role: primary, form: \(probe), visit: \(probe)_after, formula: "\(probe) ~ arm"}

            """
        let scored = "  - name: \(probe)\n    items: {prefix: \(probe)_item, count: 1, kind: integer}\n    score: {method: sum}\n"
        let text = wrapper + yaml.replacingOccurrences(of: "forms: []\n", with: "forms:\n") + scored
        switch ProtocolLoader.check(data: Data(text.utf8), path: fileName) {
        case .success(let loaded):
            return loaded.spec.forms.filter { $0.name != probe }
        case .failure(let error):
            if case .invalid(_, let problems) = error {
                throw .conversionFailed(file: fileName, problems: problems.map(\.message))
            }
            throw .conversionFailed(file: fileName, problems: [error.description])
        }
    }
}
