import Foundation
import TrialCore

/// One dictionary row to one TrialKit field: type, validation, choices, flags and action tags.
extension REDCapConverter {
    // MARK: - Fields

    mutating func skip(_ draft: Draft, _ part: String, _ reason: String) {
        unconverted.append(REDCapUnconverted(variable: draft.field.name, line: draft.line, part: part, reason: reason))
    }

    mutating func skipRow(_ row: REDCapRow, _ part: String, _ reason: String) {
        unconverted.append(REDCapUnconverted(variable: row.variable, line: row.line, part: part, reason: reason))
    }

    /// The field a row becomes, or nil (listed) when it cannot become one.
    mutating func draft(_ row: REDCapRow) -> Draft? {
        let tags = actionTags(row.annotation)
        let force = tags.contains("@FORCE-MINMAX")
        for tag in tags where tag != "@FORCE-MINMAX" {
            skipRow(row, "action_tag", "action tag \(tag) has no TrialKit equivalent")
        }
        if row.identifier.lowercased() == "y" {
            notes.append(REDCapNote(variable: row.variable, line: row.line,
                                    note: "marked as an identifier; TrialKit has no identifier flag (de-identify exports by hand)"))
        }
        let ranked = row.matrixRanking.lowercased() == "y"
        if ranked, row.type.lowercased() != "radio" || row.matrixGroup.isEmpty {
            skipRow(row, "matrix_ranking", "matrix ranking is converted for radio fields of a matrix group only")
        }
        if FormSectionNames.reserved.contains(row.variable) {
            skipRow(row, "field", "`\(row.variable)` is reserved in TrialKit data files; rename the variable")
            return nil
        }
        var field = Field(name: row.variable, label: row.label.isEmpty ? row.variable : row.label, kind: .text,
                          required: row.required.lowercased() == "y")
        var validation = ""
        switch row.type.lowercased() {
        case "text":
            validation = row.validation
            if !validation.isEmpty {
                if let type = REDCapTextType.named(validation) {
                    field.kind = type.kind
                    field.decimals = type.decimals
                    field.pattern = type.pattern
                } else {
                    skipRow(row, "validation", "text validation type `\(validation)` is not converted; the field is kept as plain text")
                    validation = ""
                }
            }
        case "notes": field.kind = .text
        case "radio", "dropdown", "checkbox":
            guard let choices = choices(row) else { return nil }
            field.kind = row.type.lowercased() == "checkbox" ? .multichoice : .choice
            field.choices = choices
            if field.kind == .multichoice, field.required {
                notes.append(REDCapNote(variable: row.variable, line: row.line,
                                        note: "required checkbox: TrialKit requires at least one choice to be checked"))
            }
        case "yesno": field.kind = .yesno
        case "truefalse":
            field.kind = .choice
            field.choices = [Choice(code: "1", label: "True"), Choice(code: "0", label: "False")]
        case "slider":
            field.kind = .integer
            field.min = 0
            field.max = 100
        case "calc":
            field.kind = .calculated
            field.required = false
            guard !row.choices.isEmpty else {
                skipRow(row, "field", "the calculated field has no calculation (column F)")
                return nil
            }
        case "descriptive":
            notes.append(REDCapNote(variable: row.variable, line: row.line, note: "descriptive text is not a field; skipped"))
            return nil
        case "file":
            skipRow(row, "field", "field type `file`\(row.validation == "signature" ? " (signature)" : "") holds uploaded "
                + "documents, which TrialKit does not store")
            return nil
        case "sql":
            skipRow(row, "field", "field type `sql` runs a database query in REDCap; it has no TrialKit equivalent")
            return nil
        default:
            skipRow(row, "field", "field type `\(row.type)` is not a REDCap field type TrialKit knows")
            return nil
        }
        var draft = Draft(form: row.form, line: row.line, field: field, branching: row.branching, calculation: row.choices,
                          forceRange: force, minimum: row.minimum, maximum: row.maximum, validation: validation)
        if ranked, row.type.lowercased() == "radio", !row.matrixGroup.isEmpty { draft.rankingGroup = row.matrixGroup }
        applyRange(&draft, row: row)
        return draft
    }

    /// `code, label | code, label`; nil (listed) when the choices cannot be used.
    private mutating func choices(_ row: REDCapRow) -> [Choice]? {
        var choices: [Choice] = []
        for item in row.choices.split(whereSeparator: { $0 == "|" || $0.isNewline }) {   // older dictionaries: one choice per line
            let text = item.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            let code: String, label: String
            if let comma = text.firstIndex(of: ",") {
                code = text[..<comma].trimmingCharacters(in: .whitespaces)
                label = text[text.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            } else {
                code = text; label = text
            }
            guard !code.isEmpty else {
                skipRow(row, "field", "a choice in column F has no code")
                return nil
            }
            guard !choices.contains(where: { $0.code == code }) else {
                skipRow(row, "field", "choice code `\(code)` appears twice in column F")
                return nil
            }
            choices.append(Choice(code: code, label: label.isEmpty ? code : label))
        }
        guard choices.count >= 2 else {
            skipRow(row, "field", choices.isEmpty ? "the \(row.type) field has no choices (column F)"
                : "the \(row.type) field has one choice; TrialKit choice fields need at least two")
            return nil
        }
        if choices.count > 64, row.type.lowercased() == "checkbox" {
            skipRow(row, "field", "the checkbox field has \(choices.count) choices; TrialKit allows at most 64")
            return nil
        }
        return choices
    }

    /// `@TAG` words of the field annotation, in order.
    private func actionTags(_ annotation: String) -> [String] {
        annotation.matches(of: /@[A-Z][A-Z0-9_-]*/).map { String($0.output) }
    }
}
