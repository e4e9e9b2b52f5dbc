import TrialCore
import Yams

/// A form's `score` key: how its items combine into the form's score.
enum ScoreSection {
    static let keys = ["method", "items", "reversed", "minimum_answered"]

    /// Score items must be integer or decimal fields of the same form; reversed items must be
    /// score items with both `min` and `max` (reverse-keying maps v to min + max − v);
    /// `minimum_answered` lies between 1 and the number of items.
    /// Without an `items` list the score takes the generated items (`defaultItems`); that
    /// list is empty without complaint when a generator exists but had problems of its own.
    static func decode(_ node: Node, fields: [Field], defaultItems: [String], hasGenerator: Bool,
                       _ sink: inout ProblemSink) -> Score? {
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
        guard let method, !items.isEmpty else { return nil }
        return Score(method: method, items: items, reversed: reversed, minimumAnswered: minimum)
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
