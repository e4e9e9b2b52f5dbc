import TrialCore
import Yams

/// Checks that need every form and visit: branching logic, calculations and edit checks are
/// parsed and type-checked (`TrialCore.Expression`), calculations may not depend on each
/// other in a cycle, a check's `visits` must collect its form, subscore names must not clash
/// with other names, and missing-value codes are resolved and must not also be valid values.
enum ExpressionSection {
    static func check(forms: inout [Form], visits: [Visit], sources: [FormSource],
                      missingCodes defaults: [MissingCode], _ sink: inout ProblemSink) {
        for index in forms.indices {
            guard let source = sources.first(where: { $0.form == forms[index].name }) else { continue }
            resolveMissingCodes(&forms[index], source: source, defaults: defaults, &sink)
        }
        var reported = Set<String>()
        for (index, form) in forms.enumerated() {
            guard let source = sources.first(where: { $0.form == form.name }) else { continue }
            checkFieldExpressions(form, forms: forms, visits: visits, source: source, reported: &reported, &sink)
            checkEditChecks(form, forms: forms, visits: visits, source: source, &sink)
            checkSubscoreNames(forms[index], forms: forms, source: source, &sink)
        }
    }

    // MARK: - Branching logic and calculations

    private static func checkFieldExpressions(_ form: Form, forms: [Form], visits: [Visit], source: FormSource,
                                              reported: inout Set<String>, _ sink: inout ProblemSink) {
        var dependencies: [String: [String]] = [:]
        for field in form.fields {
            let nodes = source.fieldSources[field.name]
            if let condition = field.showIf {
                let scope = ExpressionScope(forms: forms, visits: visits, form: form.name, role: .branching)
                if let typed = compile(condition, scope: scope, node: nodes?.showIf, what: "`show_if` of field "
                                       + "`\(field.name)`", reported: &reported, &sink),
                   typed.references.contains(where: { $0.field == field.name && $0.visit == nil }) {
                    add(at: nodes?.showIf, "`show_if` of field `\(field.name)` refers to the field itself; a field "
                        + "cannot decide its own visibility", reported: &reported, &sink)
                }
            }
            if let calculation = field.calculation, field.kind == .calculated {
                let scope = ExpressionScope(forms: forms, visits: visits, form: form.name, role: .calculation)
                if let typed = compile(calculation, scope: scope, node: nodes?.calculation, what: "`calculation` "
                                       + "of field `\(field.name)`", reported: &reported, &sink) {
                    dependencies[field.name] = typed.references.filter { reference in
                        reference.visit == nil && form.field(named: reference.field)?.kind == .calculated
                    }.map(\.field)
                }
            }
        }
        for cycle in calculationCycles(dependencies) {
            add(at: source.fieldSources[cycle[0]]?.calculation, "calculated fields depend on each other in a "
                + "cycle: " + (cycle + [cycle[0]]).map { "`\($0)`" }.joined(separator: " → "), reported: &reported, &sink)
        }
    }

    /// Each cycle once, as the list of its fields starting from the first in form order.
    static func calculationCycles(_ dependencies: [String: [String]]) -> [[String]] {
        var cycles: [[String]] = [], done = Set<String>()
        func walk(_ name: String, _ path: [String]) {
            if let start = path.firstIndex(of: name) {
                let cycle = Array(path[start...])
                if !cycle.contains(where: done.contains), !cycles.contains(where: { Set($0) == Set(cycle) }) {
                    cycles.append(cycle)
                }
                return
            }
            guard !done.contains(name) else { return }
            for next in dependencies[name] ?? [] { walk(next, path + [name]) }
        }
        for name in dependencies.keys.sorted() {
            walk(name, [])
            done.insert(name)
        }
        return cycles
    }

    // MARK: - Edit checks

    private static func checkEditChecks(_ form: Form, forms: [Form], visits: [Visit], source: FormSource,
                                        _ sink: inout ProblemSink) {
        let collecting = visits.filter { $0.forms.contains(form.name) }.map(\.name)
        var reported = Set<String>()
        for (check, checkSource) in zip(form.checks, source.checks) {
            for visit in checkSource.visits where !collecting.contains(visit.name) {
                let known = visits.contains { $0.name == visit.name }
                sink.add(at: visit.mark, known
                    ? "check visit `\(visit.name)` does not collect form `\(form.name)`; list only visits that do ("
                        + collecting.map { "`\($0)`" }.joined(separator: ", ") + ")"
                    : "check names unknown visit `\(visit.name)`" + Suggestion.hint(for: visit.name, among: collecting))
            }
            let runVisits = check.visits.isEmpty ? collecting : check.visits.filter(collecting.contains)
            let scope = ExpressionScope(forms: forms, visits: visits, form: form.name, role: .check, runVisits: runVisits)
            _ = compile(check.condition, scope: scope, node: checkSource.condition, what: "check",
                        reported: &reported, &sink)
        }
    }

    // MARK: - Names and codes

    private static func checkSubscoreNames(_ form: Form, forms: [Form], source: FormSource,
                                           _ sink: inout ProblemSink) {
        for subscore in form.score?.subscores ?? [] {
            let mark = source.subscoreMarks[subscore.name] ?? nil
            if forms.contains(where: { $0.name == subscore.name }) {
                sink.add(at: mark, "subscore name `\(subscore.name)` is also a form name; names of scores must be unique")
            } else if let holder = forms.first(where: { $0.field(named: subscore.name) != nil }) {
                sink.add(at: mark, "subscore name `\(subscore.name)` is also a field of form `\(holder.name)`; "
                    + "names of scores must be unique")
            } else if forms.contains(where: { other in
                other.name != form.name && (other.score?.subscores ?? []).contains { $0.name == subscore.name }
            }) {
                sink.add(at: mark, "subscore name `\(subscore.name)` is used by another form; names of scores must be unique")
            }
        }
    }

    /// Gives every field its effective missing-value codes (its own, or else the protocol's)
    /// and reports a code that is also a valid value: a choice code, 0 or 1 of a yes/no field,
    /// or a number inside the range of a numeric field (anywhere, when the field has no range).
    private static func resolveMissingCodes(_ form: inout Form, source: FormSource, defaults: [MissingCode],
                                            _ sink: inout ProblemSink) {
        for index in form.fields.indices {
            var field = form.fields[index]
            let own = source.ownMissingCodes.contains(field.name)
            if !own { field.missingCodes = defaults }
            let origin = own ? "" : " (from the protocol's `missing_codes`)"
            let mark = own ? source.fieldSources[field.name]?.missingCodes : source.fieldMarks[field.name] ?? nil
            for code in field.missingCodes {
                guard let clash = clash(code.code, with: field) else { continue }
                sink.add(at: mark, "missing-value code `\(code.code)`\(origin) is also \(clash) of field "
                    + "`\(field.name)`; choose a code that cannot be a real answer")
            }
            form.fields[index] = field
        }
    }

    private static func clash(_ code: String, with field: Field) -> String? {
        switch field.kind {
        case .choice, .multichoice:
            return field.choices.contains { $0.code == code } ? "a choice code" : nil
        case .yesno:
            return code == "0" || code == "1" ? "a valid answer" : nil
        case .integer, .decimal:
            guard let value = Double(code) else { return nil }
            if field.kind == .integer, value != value.rounded() { return nil }
            if let low = field.min, value < low { return nil }
            if let high = field.max, value > high { return nil }
            return field.min == nil && field.max == nil ? "a valid value (the field has no range)" : "inside the range"
        case .text, .date, .datetime, .calculated:
            return nil
        }
    }

    // MARK: - Positions

    /// Compiles `text`; reports each problem at its exact line and column in the file when the
    /// expression is written on one line without escapes, else at the value.
    private static func compile(_ text: String, scope: ExpressionScope, node: Node?, what: String,
                                reported: inout Set<String>, _ sink: inout ProblemSink) -> TypedExpression? {
        switch Expression.compile(text, in: scope) {
        case .success(let typed):
            return typed
        case .failure(let problems):
            for problem in problems.errors {
                let (line, column) = position(of: node, offset: problem.range.lowerBound)
                let key = "\(line):\(column):\(problem.message)"
                guard reported.insert(key).inserted else { continue }
                sink.add(line: line, column: column, "\(what) `\(text)`: \(problem.message)")
            }
            return nil
        }
    }

    private static func add(at node: Node?, _ message: String, reported: inout Set<String>,
                            _ sink: inout ProblemSink) {
        let (line, column) = position(of: node, offset: 0)
        if reported.insert("\(line):\(column):\(message)").inserted { sink.add(line: line, column: column, message) }
    }

    static func position(of node: Node?, offset: Int) -> (line: Int, column: Int) {
        guard let node, let mark = node.mark else { return (1, 1) }
        guard case .scalar(let scalar) = node, !scalar.string.contains("\n") else { return (mark.line, mark.column) }
        let quote: Int
        switch scalar.style {
        case .plain: quote = 0
        case .singleQuoted where !scalar.string.contains("'"): quote = 1
        case .doubleQuoted where !scalar.string.contains("\"") && !scalar.string.contains("\\"): quote = 1
        default: return (mark.line, mark.column)
        }
        let leading = scalar.string.unicodeScalars.prefix { $0.properties.isWhitespace }.count
        return (mark.line, mark.column + quote + leading + offset)
    }
}
