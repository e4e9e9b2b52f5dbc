import Foundation
import TrialCore
import Yams

/// The `analysis` section: the planned outcomes and the estimation settings they share.
enum AnalysisSection {
    static let keys = ["estimation", "degrees_of_freedom", "confidence_level", "population", "control_arm",
                       "baseline_visit", "effect_size", "outcomes"]
    static let outcomeKeys = ["name", "role", "form", "score", "visit", "formula", "covariance"]

    /// What the plan may refer to, decoded from the sections before it.
    struct Context {
        var forms: [Form]
        /// Forms with a `score` key, even one with problems (already reported).
        var scoredForms: Set<String>
        var formNames: NameRegistry
        var visits: [Visit]
        var visitNames: NameRegistry
        var arms: [Arm]?
        var strata: [StratificationFactor]
    }

    /// Each outcome names a scored form (and optionally one of its subscores) and a visit after
    /// baseline that collects that form; outcome names are unique; at least one outcome is
    /// primary; the formula's response is the score and every variable it names is a column of
    /// the long data (docs: protocols/README.md, `analysis`).
    static func decode(_ node: Node, _ context: Context, _ sink: inout ProblemSink) -> AnalysisPlan? {
        guard let section = MappingReader(node, what: "`analysis`", keys: keys, sink: &sink) else { return nil }
        let estimation: AnalysisPlan.Estimation = section.choice("estimation", &sink) ?? .reml
        let df: AnalysisPlan.DegreesOfFreedom = section.choice("degrees_of_freedom", &sink) ?? .kenwardRoger
        let population: AnalysisPlan.Population = section.choice("population", &sink) ?? .itt
        let effectSize: AnalysisPlan.EffectSize = section.choice("effect_size", &sink) ?? .pooledBaselineSD
        let level = section.number("confidence_level", &sink) ?? 0.95
        if !(level > 0 && level < 1) {
            sink.add(at: section.markOf("confidence_level"),
                     "`confidence_level` must lie strictly between 0 and 1 (e.g. 0.95), not \(format(level))")
        }
        let control = section.string("control_arm", &sink)
        if let control, let arms = context.arms, !arms.contains(where: { $0.code == control }) {
            let codes = arms.map(\.code)
            sink.add(at: section.markOf("control_arm"), "`control_arm` names unknown arm `\(control)`"
                + Suggestion.hint(for: control, among: codes) + " (arms: " + codes.map { "`\($0)`" }.joined(separator: ", ") + ")")
        }
        let baseline = section.string("baseline_visit", &sink)
        var baselineDay: Int?
        if let baseline {
            if context.visitNames.checkReference(baseline, at: section.markOf("baseline_visit"), from: "`baseline_visit`", &sink) {
                baselineDay = context.visits.first { $0.name == baseline }?.day
            }
        } else {
            baselineDay = context.visits.first { $0.day == 0 }?.day
        }
        guard let list = section.required("outcomes", &sink),
              let items = sequence(list, name: "`outcomes`", &sink) else {
            return nil
        }
        var names = NameRegistry(kind: "outcome name")
        var outcomes: [PlannedOutcome] = []
        for item in items {
            if let outcome = decodeOutcome(item, context, baseline: (baseline, baselineDay), names: &names, &sink) {
                outcomes.append(outcome)
            }
        }
        if !items.isEmpty, !outcomes.isEmpty, !outcomes.contains(where: { $0.role == .primary }) {
            sink.add(at: section.markOf("outcomes"), "no outcome has role `primary`; a trial needs a primary outcome")
        }
        if items.isEmpty {
            sink.add(at: section.markOf("outcomes"), "`outcomes` is empty; list at least the primary outcome")
        }
        return AnalysisPlan(outcomes: outcomes, estimation: estimation, degreesOfFreedom: df, confidenceLevel: level,
                            population: population, controlArm: control, baselineVisit: baseline, effectSize: effectSize)
    }

    private static func decodeOutcome(_ item: Node, _ context: Context, baseline: (name: String?, day: Int?),
                                      names: inout NameRegistry, _ sink: inout ProblemSink) -> PlannedOutcome? {
        guard var reader = MappingReader(item, what: "outcome", keys: outcomeKeys, sink: &sink) else { return nil }
        let name = reader.string("name", required: true, &sink)
        if let name {
            reader.what = "outcome `\(name)`"
            checkIdentifier(name, kind: "outcome name", at: reader.markOf("name"), &sink)
            names.define(name, at: reader.markOf("name"), &sink)
        }
        let role: PlannedOutcome.Role? = reader.choice("role", required: true, &sink)
        let covariance: PlannedOutcome.Covariance? = reader.choice("covariance", &sink)
        let user = "outcome `\(name ?? "?")`"
        let formName = reader.string("form", required: true, &sink)
        let visit = reader.string("visit", required: true, &sink)
        var form: Form?
        if let formName, context.formNames.checkReference(formName, at: reader.markOf("form"), from: user, &sink) {
            form = context.forms.first { $0.name == formName }
            if !context.scoredForms.contains(formName) {
                sink.add(at: reader.markOf("form"), "\(user) uses form `\(formName)`, which has no `score`; "
                    + "give the form a score to analyse it")
            }
            if form?.score == nil { form = nil }
        }
        // Without a known scored form there is no score to check the formula against.
        var score = form == nil ? nil : reader.string("score", &sink) ?? formName
        if let form, let chosen = score, let scoring = form.score {
            let available = [form.name] + scoring.subscores.map(\.name)
            if !available.contains(chosen) {
                sink.add(at: reader.markOf("score"), "\(user) names unknown score `\(chosen)` of form `\(form.name)`"
                    + Suggestion.hint(for: chosen, among: available)
                    + " (scores: " + available.map { "`\($0)`" }.joined(separator: ", ") + ")")
                score = nil
            }
        }
        var visitKnown = false
        if let visit {
            visitKnown = context.visitNames.checkReference(visit, at: reader.markOf("visit"), from: user, &sink)
        }
        if let form, let visit, visitKnown, let scheduled = context.visits.first(where: { $0.name == visit }) {
            if !scheduled.forms.contains(form.name) {
                sink.add(at: reader.markOf("visit"), "\(user) is evaluated at visit `\(visit)`, which does not "
                    + "collect form `\(form.name)`; add the form to the visit or pick another visit")
            } else if let day = baseline.day, scheduled.day <= day {
                sink.add(at: reader.markOf("visit"), "\(user) is evaluated at visit `\(visit)`, which is not after "
                    + "the baseline visit; pick a visit after baseline")
            }
        }
        if form != nil, baseline.day == nil, baseline.name == nil {
            sink.add(at: reader.markOf("form"), "\(user) needs a baseline score but no visit is on day 0; "
                + "set `baseline_visit` in `analysis`")
        }
        let formula = reader.string("formula", required: true, &sink)
        if let formula, let score {
            let strata = context.strata.map(\.name)
            FormulaCheck.check(formula, response: score, columns: LongLayout.columns(score: score, strata: strata),
                               at: reader.markOf("formula"), &sink)
        }
        guard let name, let role, let formName, let visit, let formula, let score else { return nil }
        return PlannedOutcome(name: name, role: role, form: formName, score: score, visit: visit, formula: formula,
                              covariance: covariance)
    }
}

/// A shallow check of a model formula in R/lme4 syntax (`response ~ terms`): the full parse
/// belongs to MixedModels, but an unbalanced bracket, a response that is not the outcome's
/// score or a variable that is not a column of the long data is caught when the protocol is
/// loaded.
enum FormulaCheck {
    static func check(_ formula: String, response: String, columns: [String], at mark: Mark?,
                      _ sink: inout ProblemSink) {
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
        if let problem = operatorProblem(String(sides[1])) {
            sink.add(at: mark, "formula `\(formula)` \(problem)")
            return
        }
        if sides[0].trimmingCharacters(in: .whitespaces) != response {
            sink.add(at: mark, "the response of formula `\(formula)` must be `\(response)`, the outcome's score")
            return
        }
        for name in variables(String(sides[1])) where !columns.contains(name) {
            sink.add(at: mark, "formula `\(formula)` names unknown variable `\(name)`"
                + Suggestion.hint(for: name, among: columns) + " (columns of the long data: "
                + columns.map { "`\($0)`" }.joined(separator: ", ") + ")")
            return
        }
    }

    /// A term list that cannot parse: an operator (`+ * : |`) at the start or end of the terms,
    /// of a bracket or next to another operator, or empty brackets.
    static func operatorProblem(_ terms: String) -> String? {
        let compact = terms.filter { !$0.isWhitespace }
        let operators: Set<Character> = ["+", "*", ":", "|", "/"]
        var previous: Character = "("
        for character in compact.replacingOccurrences(of: "||", with: "|") + ")" {
            let previousIsOperator = operators.contains(previous) || previous == "("
            if (operators.contains(character) && character != "+" && previousIsOperator)
                || (character == ")" && previousIsOperator && previous != "(")
                || (operators.contains(character) && operators.contains(previous)) {
                return "has an operator without a term on both sides; write terms like `arm * visit + (1 | participant_id)`"
            }
            if character == ")" && previous == "(" {
                return "has empty brackets `()`"
            }
            previous = character
        }
        return nil
    }

    /// The variable names of the terms: identifiers not followed by `(` (a function).
    static func variables(_ text: String) -> [String] {
        var result: [String] = []
        for match in text.matches(of: /([A-Za-z.][A-Za-z0-9._]*)(\s*\()?/) where match.output.2 == nil {
            let name = String(match.output.1)
            if !result.contains(name) { result.append(name) }
        }
        return result
    }
}
