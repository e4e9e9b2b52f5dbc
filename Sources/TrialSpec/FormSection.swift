import TrialCore
import Yams

/// The `forms` section: case report forms, their fields and scores.
///
/// Field names must be unique across the whole protocol (as in a REDCap data dictionary), so
/// that every value in a data file or a model formula names exactly one field.
enum FormSection {
    static let formKeys = ["name", "label", "fields", "items", "score"]
    static let fieldKeys = ["name", "label"] + FieldAttributes.keys

    /// The forms; `scored` receives the names of forms that have a `score` key.
    static func decodeForms(_ node: Node, names: inout NameRegistry, scored: inout Set<String>,
                            _ sink: inout ProblemSink) -> [Form] {
        guard let items = sequence(node, name: "`forms`", &sink) else { return [] }
        if items.isEmpty { sink.add(at: node.mark, "`forms` is empty; define at least one form") }
        var fieldNames = NameRegistry(kind: "field name", rule: "field names must be unique across all forms")
        return items.compactMap { decodeForm($0, names: &names, fieldNames: &fieldNames, scored: &scored, &sink) }
    }

    static func decodeForm(_ node: Node, names: inout NameRegistry, fieldNames: inout NameRegistry,
                           scored: inout Set<String>, _ sink: inout ProblemSink) -> Form? {
        guard var form = MappingReader(node, what: "form", keys: formKeys, sink: &sink) else { return nil }
        let name = form.string("name", required: true, &sink)
        if let name { form.what = "form `\(name)`" }
        if let name {
            checkIdentifier(name, kind: "form name", at: form.markOf("name"), &sink)
            names.define(name, at: form.markOf("name"), &sink)
        }
        var fields: [Field] = []
        let listed = form.list("fields", &sink)
        for item in listed ?? [] {
            guard let field = decodeField(item, &sink) else { continue }
            if fieldNames.define(field.value.name, at: field.mark, &sink) { fields.append(field.value) }
        }
        var generated: [Field] = []
        if let generator = form.node("items") {
            for field in ItemGenerator.decode(generator, &sink)
            where fieldNames.define(field.name, at: generator.mark, &sink) {
                generated.append(field)
            }
        }
        fields += generated
        if listed?.isEmpty ?? (form.node("fields") == nil), form.node("items") == nil {
            sink.add(at: form.mark, "\(form.what) has no fields; give `fields`, `items` or both")
        }
        let score = form.node("score").flatMap {
            ScoreSection.decode($0, fields: fields, defaultItems: generated.map(\.name),
                                hasGenerator: form.node("items") != nil, &sink)
        }
        if let name, form.node("score") != nil { scored.insert(name) }
        guard let name else { return nil }
        return Form(name: name, label: form.string("label", &sink) ?? name, fields: fields, score: score)
    }

    static func decodeField(_ node: Node, _ sink: inout ProblemSink) -> (value: Field, mark: Mark?)? {
        guard var field = MappingReader(node, what: "field", keys: fieldKeys, sink: &sink) else { return nil }
        let name = field.string("name", required: true, &sink)
        if let name { field.what = "field `\(name)`" }
        if let name { checkIdentifier(name, kind: "field name", at: field.markOf("name"), &sink) }
        let attributes = FieldAttributes.decode(field, &sink)
        guard let name, let attributes else { return nil }
        return (attributes.field(name: name, label: field.string("label", &sink) ?? name), field.markOf("name"))
    }
}

/// The keys a field and an item generator share: kind, range, required, choices, calculation.
struct FieldAttributes {
    static let keys = ["kind", "min", "max", "required", "choices", "calculation"]
    static let choiceKeys = ["code", "label"]

    var kind: Field.Kind
    var min, max: Double?
    var required: Bool
    var choices: [Choice]
    var calculation: String?

    func field(name: String, label: String) -> Field {
        Field(name: name, label: label, kind: kind, min: min, max: max, required: required,
              choices: choices, calculation: calculation)
    }

    /// Reads and checks the shared keys: `min`/`max` only on numeric kinds, whole numbers on
    /// integer fields, min ≤ max; `choices` exactly on choice kinds; `calculation` exactly on
    /// calculated fields.
    static func decode(_ reader: MappingReader, _ sink: inout ProblemSink) -> FieldAttributes? {
        guard let kind: Field.Kind = reader.choice("kind", required: true, &sink) else { return nil }
        let numeric: Set<Field.Kind> = [.integer, .decimal, .calculated]
        var bounds: [String: Double] = [:]
        for key in ["min", "max"] {
            guard let value = reader.number(key, &sink) else { continue }
            if !numeric.contains(kind) {
                sink.add(at: reader.markOf(key), "`\(key)` applies only to integer, decimal and calculated "
                    + "fields, not to a \(kind.rawValue) field; remove it")
            } else if kind == .integer, value != value.rounded() {
                sink.add(at: reader.markOf(key),
                         "`\(key)` of an integer field must be a whole number, not \(format(value))")
            } else {
                bounds[key] = value
            }
        }
        if let low = bounds["min"], let high = bounds["max"], low > high {
            sink.add(at: reader.markOf("min"), "`min` (\(format(low))) is greater than `max` (\(format(high)))")
        }
        let choices = decodeChoices(reader, kind: kind, &sink)
        let calculation = reader.string("calculation", &sink)
        if kind == .calculated, calculation == nil, reader.node("calculation") == nil {
            sink.add(at: reader.mark,
                     "\(reader.what) is calculated and needs `calculation`, the expression that computes it")
        } else if kind != .calculated, calculation != nil {
            sink.add(at: reader.markOf("calculation"), "`calculation` applies only to calculated fields; remove it")
        }
        return FieldAttributes(kind: kind, min: bounds["min"], max: bounds["max"],
                               required: reader.bool("required", &sink) ?? false,
                               choices: choices, calculation: calculation)
    }

    private static func decodeChoices(_ reader: MappingReader, kind: Field.Kind,
                                      _ sink: inout ProblemSink) -> [Choice] {
        let takesChoices = kind == .choice || kind == .multichoice
        guard let items = reader.list("choices", &sink) else {
            if takesChoices, reader.node("choices") == nil {
                sink.add(at: reader.mark, "\(reader.what) is a \(kind.rawValue) field and needs `choices`, "
                    + "a list of `code` and `label`")
            }
            return []
        }
        if !takesChoices {
            sink.add(at: reader.markOf("choices"), "`choices` applies only to choice and multichoice fields; remove it")
            return []
        }
        if items.count < 2 {
            sink.add(at: reader.markOf("choices"), "a \(kind.rawValue) field needs at least two choices")
        }
        var codes = NameRegistry(kind: "choice code")
        return items.compactMap { item -> Choice? in
            guard let choice = MappingReader(item, what: "choice", keys: choiceKeys, sink: &sink),
                  let code = choice.string("code", required: true, &sink) else { return nil }
            guard codes.define(code, at: choice.markOf("code"), &sink) else { return nil }
            return Choice(code: code, label: choice.string("label", &sink) ?? code)
        }
    }
}
