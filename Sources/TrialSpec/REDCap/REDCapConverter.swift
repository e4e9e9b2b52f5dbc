import Foundation
import TrialCore

/// Turns dictionary rows into TrialKit fields, forms and edit checks; see `REDCapDictionary`.
struct REDCapConverter {
    /// A converted field with the REDCap texts still to translate.
    struct Draft {
        var form: String
        var line: Int
        var field: Field
        var branching: String
        var calculation: String
        var forceRange: Bool
        var minimum: String
        var maximum: String
        var validation: String
        /// Edit checks for a date or date-time range, before their conditions are compiled.
        var rangeChecks: [EditCheck] = []
        /// The matrix group of a radio field in a ranked matrix (Matrix Ranking? `y`).
        var rankingGroup: String? = nil
    }

    let fileName: String
    var unconverted: [REDCapUnconverted] = []
    var notes: [REDCapNote] = []

    init(fileName: String) { self.fileName = fileName }

    mutating func convert(_ rows: [REDCapRow]) throws(REDCapDictionaryError) -> REDCapConversion {
        try checkStructure(rows)
        let recordID = rows.first?.variable
        if let first = rows.first {
            notes.append(REDCapNote(variable: first.variable, line: first.line,
                                    note: "the record ID (the first field) becomes participant_id; it is not a form field"))
        }
        var formOrder: [String] = []
        var drafts: [Draft] = []
        for row in rows.dropFirst() {
            if !formOrder.contains(row.form) { formOrder.append(row.form) }
            if let draft = draft(row) { drafts.append(draft) }
        }
        // Calculations first: a field whose calculation cannot be converted is left out, and
        // so is any calculation that reads it (repeated until nothing more is left out).
        var kept = drafts
        while true {
            let context = LogicContext(drafts: kept, recordID: recordID)
            var next: [Draft] = []
            for var draft in kept {
                if draft.field.kind == .calculated {
                    guard let calculation = compile(draft.calculation, .calculation, draft, context, part: "calculation") else { continue }
                    draft.field.calculation = calculation
                }
                next.append(draft)
            }
            let done = next.count == kept.count
            kept = next
            if done { break }
        }
        let context = LogicContext(drafts: kept, recordID: recordID)
        var checks: [String: [EditCheck]] = [:]
        for index in kept.indices {
            let draft = kept[index]
            if !draft.branching.isEmpty {
                kept[index].field.showIf = compile(draft.branching, .branching, draft, context, part: "branching_logic")
            }
            for check in draft.rangeChecks {
                let part = check.condition.contains(">=") ? "min" : "max"
                if compile(check.condition, .check, draft, context, part: part) != nil {
                    checks[draft.form, default: []].append(check)
                }
            }
        }
        // Matrix ranking: no two fields of a ranked matrix may hold the same choice.
        var groups: [String: [Draft]] = [:], groupOrder: [String] = []
        for draft in kept {
            guard let group = draft.rankingGroup else { continue }
            if groups[group] == nil { groupOrder.append(group) }
            groups[group, default: []].append(draft)
        }
        for group in groupOrder {
            let members = groups[group] ?? []
            for (i, first) in members.enumerated() {
                for second in members[(i + 1)...] where second.form == first.form {
                    let check = EditCheck(condition: "[\(first.field.name)] != [\(second.field.name)]", severity: .error,
                                          message: "`\(first.field.name)` and `\(second.field.name)` have the same rank in the "
                                              + "ranked matrix `\(group)`; each rank may be given once", field: second.field.name)
                    if compile(check.condition, .check, second, context, part: "matrix_ranking") != nil {
                        checks[second.form, default: []].append(check)
                    }
                }
            }
        }
        var forms: [Form] = []
        for name in formOrder {
            let fields = kept.filter { $0.form == name }.map(\.field)
            if fields.isEmpty {
                notes.append(REDCapNote(variable: name, line: rows.first { $0.form == name }?.line ?? 1,
                                        note: "form `\(name)` has no field that could be converted, so it is left out"))
                continue
            }
            forms.append(Form(name: name, label: name, fields: fields, checks: checks[name] ?? []))
        }
        unconverted.sort { ($0.line, $0.part) < ($1.line, $1.part) }
        notes.sort { $0.line < $1.line }
        var comments: [String: [String]] = [:]
        for row in rows {
            var texts: [String] = []
            if !row.section.isEmpty { texts.append("REDCap section header: " + oneLine(row.section)) }
            if !row.note.isEmpty { texts.append("REDCap field note: " + oneLine(row.note)) }
            if !row.matrixGroup.isEmpty { texts.append("REDCap matrix group: " + row.matrixGroup) }
            let annotation = oneLine(row.annotation)
            if !annotation.isEmpty { texts.append("REDCap field annotation: " + annotation) }
            if !texts.isEmpty { comments[row.variable] = texts }
        }
        let yaml = REDCapYAML.document(forms: forms, fileName: fileName, unconverted: unconverted, notes: notes,
                                       comments: comments)
        let loaded = try REDCapYAML.load(forms: forms, yaml: yaml, fileName: fileName)
        return REDCapConversion(forms: loaded, yaml: yaml, unconverted: unconverted, notes: notes, recordIDField: recordID)
    }

    /// The converted fields an expression may read.
    struct LogicContext {
        let translator: REDCapLogicTranslator
        let scopeFields: [String: ExpressionScope.FieldInfo]

        init(drafts: [Draft], recordID: String?) {
            translator = REDCapLogicTranslator(fields: Dictionary(drafts.map {
                ($0.field.name, REDCapLogicTranslator.FieldInfo(kind: $0.field.kind, codes: $0.field.choices.map(\.code)))
            }, uniquingKeysWith: { first, _ in first }), recordID: recordID)
            scopeFields = Dictionary(drafts.map { ($0.field.name, ExpressionScope.FieldInfo(
                name: $0.field.name, form: $0.form, kind: $0.field.kind, choiceCodes: $0.field.choices.map(\.code))) },
                                     uniquingKeysWith: { first, _ in first })
        }
    }

    /// REDCap logic `text` translated and compiled by TrialKit's own parser and type checker;
    /// nil (listed under `part`) when it cannot be.
    private mutating func compile(_ text: String, _ role: ExpressionScope.Role, _ draft: Draft, _ context: LogicContext,
                                  part: String) -> String? {
        let scope = ExpressionScope(fields: context.scopeFields, visitForms: [:], form: draft.form, runVisits: [], role: role)
        let translated: String
        do {
            // Range checks are built in TrialKit's language already.
            translated = role == .check ? text : try context.translator.translate(try REDCapLogicParser.parse(text))
        } catch {
            skip(draft, part, "`\(oneLine(text))`: \(error.message)")
            return nil
        }
        switch Expression.compile(translated, in: scope) {
        case .success: return translated
        case .failure(let errors):
            skip(draft, part, "`\(oneLine(text))` translates to `\(translated)`, which TrialKit refuses: "
                + errors.errors.map(\.message).joined(separator: "; "))
            return nil
        }
    }

    // MARK: - Structure

    private func checkStructure(_ rows: [REDCapRow]) throws(REDCapDictionaryError) {
        var firstLine: [String: Int] = [:]
        var formsSeen: [String: Int] = [:]
        var previousForm = ""
        for row in rows {
            guard !row.variable.isEmpty else {
                throw .invalidRow(file: fileName, line: row.line, reason: "the variable name (column A) is empty")
            }
            guard row.variable.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
                throw .invalidRow(file: fileName, line: row.line, reason: "variable `\(row.variable)` is not a REDCap variable name "
                    + "(lowercase letters, digits and `_`, starting with a letter)")
            }
            if let first = firstLine[row.variable] {
                throw .invalidRow(file: fileName, line: row.line, reason: "variable `\(row.variable)` is defined twice (first on line \(first))")
            }
            firstLine[row.variable] = row.line
            guard row.form.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
                throw .invalidRow(file: fileName, line: row.line, reason: row.form.isEmpty ? "the form name (column B) is empty"
                    : "form `\(row.form)` is not a REDCap form name (lowercase letters, digits and `_`, starting with a letter)")
            }
            if row.form != previousForm, let first = formsSeen[row.form] {
                throw .invalidRow(file: fileName, line: row.line, reason: "form `\(row.form)` continues here after other forms "
                    + "(it starts on line \(first)); REDCap keeps the rows of a form together")
            }
            if formsSeen[row.form] == nil { formsSeen[row.form] = row.line }
            previousForm = row.form
            guard !row.type.isEmpty else {
                throw .invalidRow(file: fileName, line: row.line, reason: "the field type (column D) of `\(row.variable)` is empty")
            }
        }
    }
}

/// Names shared with the protocol reader.
enum FormSectionNames {
    static var reserved: Set<String> { FormSection.reservedFieldNames }
}

func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
}
