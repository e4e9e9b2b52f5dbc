import TrialCore
import Yams

/// A form's `score` key: how its items combine into the form's score.
enum ScoreSection {
    static let keys = ["method", "items", "reversed", "minimum_answered", "fill", "subscores"]
    static let subscoreKeys = ["name", "items", "minimum_answered"]

    /// Score items must be integer or decimal fields of the same form; reversed items must be
    /// score items with both `min` and `max` (reverse-keying maps v to min + max − v);
    /// `minimum_answered` lies between 1 and the number of items.
    /// Without an `items` list the score takes the generated items (`defaultItems`); that
    /// list is empty without complaint when a generator exists but had problems of its own.
    /// `fill` says what replaces a missing item; `subscores` are scores over subsets of the
    /// items (their names are checked against all other names by `ExpressionSection`, which
    /// finds them in `subscoreMarks`).
    static func decode(_ node: Node, fields: [Field], defaultItems: [String], hasGenerator: Bool,
                       subscoreMarks: inout [String: Mark?], _ sink: inout ProblemSink) -> Score? {
        guard let score = MappingReader(node, what: "`score`", keys: keys, sink: &sink) else { return nil }
        let method: Score.Method? = score.choice("method", required: true, &sink)
        let fieldNames = fields.map(\.name)
        var items: [String] = []
        if let listed = score.stringList("items", &sink) {
            var seen = NameRegistry(kind: "score item")
            for item in listed where seen.define(item.value, at: item.mark, &sink) {
                if checkItem(item.value, at: item.mark, fields: fields, names: fieldNames, &sink) {
                    items.append(item.value)
                }
            }
        } else if score.node("items") == nil {
            if !hasGenerator {
                sink.add(at: score.mark, "`score` needs `items` (the fields it adds up) because the form has "
                    + "no `items` generator")
            }
            items = defaultItems
        }
        var reversed: [String] = []
        for item in score.stringList("reversed", &sink) ?? [] {
            if !items.contains(item.value) {
                sink.add(at: item.mark, "reversed item `\(item.value)` is not one of the score's items"
                    + Suggestion.hint(for: item.value, among: items))
            } else if let field = fields.first(where: { $0.name == item.value }), field.min == nil || field.max == nil {
                sink.add(at: item.mark, "reversed item `\(item.value)` needs both `min` and `max` to be reverse-keyed")
            } else if reversed.contains(item.value) {
                sink.add(at: item.mark, "reversed item `\(item.value)` is listed twice")
            } else {
                reversed.append(item.value)
            }
        }
        let minimum = score.int("minimum_answered", &sink)
        if let minimum, !items.isEmpty, !(1...items.count).contains(minimum) {
            sink.add(at: score.markOf("minimum_answered"),
                     "`minimum_answered` must be between 1 and \(items.count) (the number of score items), "
                        + "not \(minimum)")
        }
        let fill: Score.Fill = score.choice("fill", &sink) ?? .mean
        var subscores: [Subscore] = []
        var names = NameRegistry(kind: "subscore name")
        for item in score.list("subscores", &sink) ?? [] {
            guard let subscore = decodeSubscore(item, items: items, names: &names, &sink) else { continue }
            subscores.append(subscore.value)
            subscoreMarks[subscore.value.name] = subscore.mark
        }
        guard let method, !items.isEmpty else { return nil }
        return Score(method: method, items: items, reversed: reversed, minimumAnswered: minimum, fill: fill,
                     subscores: subscores)
    }

    /// A subscore: a name, some of the score's items (each once) and its own `minimum_answered`.
    private static func decodeSubscore(_ node: Node, items: [String], names: inout NameRegistry,
                                       _ sink: inout ProblemSink) -> (value: Subscore, mark: Mark?)? {
        guard var reader = MappingReader(node, what: "subscore", keys: subscoreKeys, sink: &sink) else { return nil }
        let name = reader.string("name", required: true, &sink)
        if let name {
            reader.what = "subscore `\(name)`"
            checkIdentifier(name, kind: "subscore name", at: reader.markOf("name"), &sink)
            names.define(name, at: reader.markOf("name"), &sink)
        }
        var chosen = NameRegistry(kind: "subscore item")
        for item in reader.stringList("items", required: true, &sink) ?? [] where chosen.define(item.value, at: item.mark, &sink) {
            if !items.isEmpty, !items.contains(item.value) {
                sink.add(at: item.mark, "subscore item `\(item.value)` is not one of the score's items"
                    + Suggestion.hint(for: item.value, among: items))
            }
        }
        let minimum = reader.int("minimum_answered", &sink)
        if let minimum, !chosen.names.isEmpty, !(1...chosen.names.count).contains(minimum) {
            sink.add(at: reader.markOf("minimum_answered"), "`minimum_answered` of \(reader.what) must be between 1 "
                + "and \(chosen.names.count) (its number of items), not \(minimum)")
        }
        guard let name, !chosen.names.isEmpty else { return nil }
        return (Subscore(name: name, items: chosen.names, minimumAnswered: minimum), reader.markOf("name"))
    }

    private static func checkItem(_ name: String, at mark: Mark?, fields: [Field], names: [String],
                                  _ sink: inout ProblemSink) -> Bool {
        guard let field = fields.first(where: { $0.name == name }) else {
            sink.add(at: mark, "score item `\(name)` is not a field of this form"
                + Suggestion.hint(for: name, among: names))
            return false
        }
        guard field.kind == .integer || field.kind == .decimal else {
            sink.add(at: mark, "score item `\(name)` is a \(field.kind.rawValue) field; only integer and "
                + "decimal fields can be scored")
            return false
        }
        return true
    }
}
