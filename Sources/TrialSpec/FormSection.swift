import TrialCore
import Yams

/// The `forms` section: case report forms, their fields, scores and edit checks.
///
/// Field names must be unique across the whole protocol (as in a REDCap data dictionary), so
/// that every value in a data file or a model formula names exactly one field.
enum FormSection {
    static let formKeys = ["name", "label", "fields", "items", "score", "checks"]
    static let fieldKeys = ["name", "label"] + FieldAttributes.keys
    /// The record columns of every data file, which no field may take as its name.
    static let reservedFieldNames: Set<String> = ["participant_id", "visit", "visit_date"]

    /// The forms; `scored` receives the names of forms that have a `score` key; `sources`
    /// receives where each form's expressions were written, for the checks that need every
    /// form and visit (`ExpressionSection`).
    static func decodeForms(_ node: Node, names: inout NameRegistry, scored: inout Set<String>,
                            sources: inout [FormSource], _ sink: inout ProblemSink) -> [Form] {
        guard let items = sequence(node, name: "`forms`", &sink) else { return [] }
        if items.isEmpty { sink.add(at: node.mark, "`forms` is empty; define at least one form") }
        var fieldNames = NameRegistry(kind: "field name", rule: "field names must be unique across all forms")
        return items.compactMap {
            decodeForm($0, names: &names, fieldNames: &fieldNames, scored: &scored, sources: &sources, &sink)
        }
    }

    static func decodeForm(_ node: Node, names: inout NameRegistry, fieldNames: inout NameRegistry,
                           scored: inout Set<String>, sources: inout [FormSource],
                           _ sink: inout ProblemSink) -> Form? {
        guard var form = MappingReader(node, what: "form", keys: formKeys, sink: &sink) else { return nil }
        let name = form.string("name", required: true, &sink)
        if let name { form.what = "form `\(name)`" }
        if let name {
            checkIdentifier(name, kind: "form name", at: form.markOf("name"), &sink)
            names.define(name, at: form.markOf("name"), &sink)
        }
        var source = FormSource(form: name ?? "?")
        var fields: [Field] = []
        let listed = form.list("fields", &sink)
        for item in listed ?? [] {
            guard let field = decodeField(item, &sink) else { continue }
            if fieldNames.define(field.value.name, at: field.mark, &sink) {
                fields.append(field.value)
                source.add(field.value.name, at: field.mark, field.sources)
            }
        }
        var generated: [Field] = []
        if let generator = form.node("items") {
            let (items, sources) = ItemGenerator.decode(generator, &sink)
            for field in items where fieldNames.define(field.name, at: generator.mark, &sink) {
                generated.append(field)
                source.add(field.name, at: generator.mark, sources)
            }
        }
        fields += generated
        if listed?.isEmpty ?? (form.node("fields") == nil), form.node("items") == nil {
            sink.add(at: form.mark, "\(form.what) has no fields; give `fields`, `items` or both")
        }
        let score = form.node("score").flatMap {
            ScoreSection.decode($0, fields: fields, defaultItems: generated.map(\.name),
                                hasGenerator: form.node("items") != nil, subscoreMarks: &source.subscoreMarks, &sink)
        }
        if let name, form.node("score") != nil { scored.insert(name) }
        let checks = form.list("checks", &sink).map {
            CheckSection.decode($0, fields: fields, sources: &source.checks, &sink)
        } ?? []
        guard let name else { return nil }
        sources.append(source)
        return Form(name: name, label: form.string("label", &sink) ?? name, fields: fields, score: score,
                    checks: checks)
    }

    static func decodeField(_ node: Node, _ sink: inout ProblemSink)
        -> (value: Field, mark: Mark?, sources: FieldAttributes.ExpressionSources)? {
        guard var field = MappingReader(node, what: "field", keys: fieldKeys, sink: &sink) else { return nil }
        let name = field.string("name", required: true, &sink)
        if let name { field.what = "field `\(name)`" }
        if let name { checkIdentifier(name, kind: "field name", at: field.markOf("name"), &sink) }
        if let name, reservedFieldNames.contains(name) {
            sink.add(at: field.markOf("name"), "field name `\(name)` is reserved: every data file has the columns "
                + "`participant_id`, `visit` and `visit_date`; choose another name")
        }
        let attributes = FieldAttributes.decode(field, &sink)
        guard let name, let attributes else { return nil }
        var sources = attributes.sources
        if attributes.missingCodes == nil { sources.missingCodes = nil }
        return (attributes.field(name: name, label: field.string("label", &sink) ?? name), field.markOf("name"), sources)
    }
}

/// Where one form's fields, expressions and subscores were written in the protocol file.
struct FormSource {
    var form: String
    var fieldMarks: [String: Mark?] = [:]
    var fieldSources: [String: FieldAttributes.ExpressionSources] = [:]
    /// Fields that declare their own `missing_codes` (the others take the protocol's).
    var ownMissingCodes: Set<String> = []
    var checks: [CheckSection.Source] = []
    var subscoreMarks: [String: Mark?] = [:]

    init(form: String) { self.form = form }

    mutating func add(_ field: String, at mark: Mark?, _ sources: FieldAttributes.ExpressionSources) {
        fieldMarks[field] = mark
        fieldSources[field] = sources
        if sources.missingCodes != nil { ownMissingCodes.insert(field) }
    }
}
