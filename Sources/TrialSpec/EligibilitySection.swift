import TrialCore
import Yams

/// `randomization.eligibility`: the CRF field whose recorded answer must be "yes" before a
/// participant may be randomized. Read with the randomization section, resolved once the forms
/// and visits are known.
enum EligibilitySection {
    static let keys = ["form", "field", "visit"]

    /// The names as written, with their marks, before forms and visits are known.
    struct Draft {
        var form: String?, field: String?, visit: String?
        var mark: Mark?, formMark: Mark?, fieldMark: Mark?, visitMark: Mark?
    }

    static func read(_ node: Node, _ sink: inout ProblemSink) -> Draft? {
        guard let reader = MappingReader(node, what: "`eligibility`", keys: keys, sink: &sink) else { return nil }
        return Draft(form: reader.string("form", required: true, &sink),
                     field: reader.string("field", required: true, &sink),
                     visit: reader.string("visit", &sink),
                     mark: reader.mark, formMark: reader.markOf("form"), fieldMark: reader.markOf("field"),
                     visitMark: reader.markOf("visit"))
    }

    /// The requirement, when the form exists, the field is a `yesno` field of that form, and the
    /// visit (by default the first visit that collects the form) collects it.
    static func resolve(_ draft: Draft, forms: [Form], visits: [Visit],
                        _ sink: inout ProblemSink) -> EligibilityRequirement? {
        guard let formName = draft.form, let fieldName = draft.field else { return nil }
        guard let form = forms.first(where: { $0.name == formName }) else {
            sink.add(at: draft.formMark, "`eligibility` names unknown form `\(formName)`"
                + Suggestion.hint(for: formName, among: forms.map(\.name)))
            return nil
        }
        guard let field = form.field(named: fieldName) else {
            sink.add(at: draft.fieldMark, "`eligibility` names field `\(fieldName)`, which form `\(formName)` "
                + "does not have" + Suggestion.hint(for: fieldName, among: form.fields.map(\.name)))
            return nil
        }
        guard field.kind == .yesno else {
            sink.add(at: draft.fieldMark, "eligibility field `\(fieldName)` is a `\(field.kind.rawValue)` field; "
                + "it must be a `yesno` field whose answer 1 (yes) allows randomization")
            return nil
        }
        let collecting = visits.filter { $0.forms.contains(formName) }
        if let visitName = draft.visit {
            guard let visit = visits.first(where: { $0.name == visitName }) else {
                sink.add(at: draft.visitMark, "`eligibility` names unknown visit `\(visitName)`"
                    + Suggestion.hint(for: visitName, among: visits.map(\.name)))
                return nil
            }
            guard visit.forms.contains(formName) else {
                sink.add(at: draft.visitMark, "visit `\(visitName)` does not collect form `\(formName)`, so its "
                    + "eligibility answer can never be recorded there")
                return nil
            }
            return EligibilityRequirement(form: formName, field: fieldName, visit: visitName)
        }
        guard let first = collecting.first else {
            sink.add(at: draft.formMark, "no visit collects form `\(formName)`, so the eligibility answer can "
                + "never be recorded; add it to a visit's `forms`")
            return nil
        }
        return EligibilityRequirement(form: formName, field: fieldName, visit: first.name)
    }
}
