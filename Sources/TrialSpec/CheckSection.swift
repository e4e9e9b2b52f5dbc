import TrialCore
import Yams

/// A form's `checks` key: cross-field and cross-visit edit checks.
///
/// Each check is a condition in the expression language that every record of the form must
/// meet, with the severity of a failure, an optional message, the visits at which it runs and
/// the field an issue is reported against. Conditions are type-checked by `ExpressionSection`
/// once every form and visit is known.
enum CheckSection {
    static let keys = ["check", "severity", "message", "visits", "field"]

    /// Where one check was written.
    struct Source {
        var condition: Node?
        var visits: [(name: String, mark: Mark?)]
    }

    static func decode(_ items: [Node], fields: [Field], sources: inout [Source],
                       _ sink: inout ProblemSink) -> [EditCheck] {
        var checks: [EditCheck] = []
        for item in items {
            guard let reader = MappingReader(item, what: "check", keys: keys, sink: &sink) else { continue }
            let condition = reader.string("check", required: true, &sink)
            let severity: Severity = reader.choice("severity", &sink) ?? .error
            let message = reader.string("message", &sink)
            let visits = reader.stringList("visits", &sink) ?? []
            var visitNames = NameRegistry(kind: "visit", scope: "in this check")
            for visit in visits { visitNames.define(visit.value, at: visit.mark, &sink) }
            let field = reader.string("field", &sink)
            if let field, !fields.contains(where: { $0.name == field }), field != FieldReference.visitDate {
                sink.add(at: reader.markOf("field"), "check `field` `\(field)` is not a field of this form"
                    + Suggestion.hint(for: field, among: fields.map(\.name)))
            }
            guard let condition else { continue }
            checks.append(EditCheck(condition: condition, severity: severity, message: message,
                                    visits: visitNames.names, field: field))
            sources.append(Source(condition: reader.node("check"), visits: visits.map { ($0.value, $0.mark) }))
        }
        return checks
    }
}
