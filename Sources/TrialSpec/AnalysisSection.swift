import Foundation
import TrialCore
import Yams

/// The `analysis` section: the planned outcomes and the estimation settings they share.
enum AnalysisSection {
    static let keys = ["estimation", "degrees_of_freedom", "confidence_level", "outcomes"]
    static let outcomeKeys = ["name", "role", "form", "visit", "formula"]

    /// Each outcome names a scored form and a visit that collects that form; outcome names are
    /// unique; at least one outcome is primary; the formula's response names the form.
    /// `scoredForms` names the forms that have a `score` key, even one with problems.
    static func decode(_ node: Node, scoredForms: Set<String>, formNames: NameRegistry, visits: [Visit],
                       visitNames: NameRegistry, _ sink: inout ProblemSink) -> AnalysisPlan? {
        guard let section = MappingReader(node, what: "`analysis`", keys: keys, sink: &sink) else { return nil }
        let estimation: AnalysisPlan.Estimation = section.choice("estimation", &sink) ?? .reml
        let df: AnalysisPlan.DegreesOfFreedom = section.choice("degrees_of_freedom", &sink) ?? .kenwardRoger
        let level = section.number("confidence_level", &sink) ?? 0.95
        if !(level > 0 && level < 1) {
            sink.add(at: section.markOf("confidence_level"),
                     "`confidence_level` must lie strictly between 0 and 1 (e.g. 0.95), not \(format(level))")
        }
        guard let list = section.required("outcomes", &sink),
              let items = sequence(list, name: "`outcomes`", &sink) else {
            return nil
        }
        var names = NameRegistry(kind: "outcome name")
        var outcomes: [PlannedOutcome] = []
        for item in items {
            guard var reader = MappingReader(item, what: "outcome", keys: outcomeKeys, sink: &sink) else { continue }
            let name = reader.string("name", required: true, &sink)
            if let name { reader.what = "outcome `\(name)`" }
            if let name {
                checkIdentifier(name, kind: "outcome name", at: reader.markOf("name"), &sink)
                names.define(name, at: reader.markOf("name"), &sink)
            }
            let role: PlannedOutcome.Role? = reader.choice("role", required: true, &sink)
            let user = "outcome `\(name ?? "?")`"
            let form = reader.string("form", required: true, &sink)
            let visit = reader.string("visit", required: true, &sink)
            var formKnown = false, visitKnown = false
            if let form {
                formKnown = formNames.checkReference(form, at: reader.markOf("form"), from: user, &sink)
                if formKnown, !scoredForms.contains(form) {
                    sink.add(at: reader.markOf("form"), "\(user) uses form `\(form)`, which has no `score`; "
                        + "give the form a score to analyse it")
                }
            }
            if let visit {
                visitKnown = visitNames.checkReference(visit, at: reader.markOf("visit"), from: user, &sink)
            }
            if let form, let visit, formKnown, visitKnown,
               let scheduled = visits.first(where: { $0.name == visit }), !scheduled.forms.contains(form) {
                sink.add(at: reader.markOf("visit"), "\(user) is evaluated at visit `\(visit)`, which does not "
                    + "collect form `\(form)`; add the form to the visit or pick another visit")
            }
            let formula = reader.string("formula", required: true, &sink)
            if let formula, let form, formKnown {
                FormulaCheck.check(formula, response: form, at: reader.markOf("formula"), &sink)
            }
            if let name, let role, let form, let visit, let formula {
                outcomes.append(PlannedOutcome(name: name, role: role, form: form, visit: visit, formula: formula))
            }
        }
        if !items.isEmpty, !outcomes.isEmpty, !outcomes.contains(where: { $0.role == .primary }) {
            sink.add(at: section.markOf("outcomes"), "no outcome has role `primary`; a trial needs a primary outcome")
        }
        if items.isEmpty {
            sink.add(at: section.markOf("outcomes"), "`outcomes` is empty; list at least the primary outcome")
        }
        return AnalysisPlan(outcomes: outcomes, estimation: estimation, degreesOfFreedom: df, confidenceLevel: level)
    }
}

/// A shallow check of a model formula in R/lme4 syntax (`response ~ terms`): the full parse
/// belongs to MixedModels, but an unbalanced bracket or a response that is not the outcome's
/// score is caught when the protocol is loaded.
enum FormulaCheck {
    static func check(_ formula: String, response: String, at mark: Mark?, _ sink: inout ProblemSink) {
        var depth = 0
        for character in formula {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if depth < 0 { break }
        }
        if depth != 0 {
            sink.add(at: mark, "formula `\(formula)` has unbalanced parentheses")
            return
        }
        let sides = formula.split(separator: "~", omittingEmptySubsequences: false)
        guard sides.count == 2,
              !sides[0].trimmingCharacters(in: .whitespaces).isEmpty,
              !sides[1].trimmingCharacters(in: .whitespaces).isEmpty else {
            sink.add(at: mark, "formula `\(formula)` must have the form `response ~ terms` with one `~`")
            return
        }
        let names = sides[0].matches(of: /[A-Za-z.][A-Za-z0-9._]*/).map { String($0.output) }
        if !names.contains(response) {
            sink.add(at: mark, "the response of formula `\(formula)` must be `\(response)`, the score of "
                + "the outcome's form")
        }
    }
}
