import TrialCore

/// Everything about one form that does not depend on the data file: field plans, compiled
/// calculations, branching logic and checks, and what cross-visit checks must keep.
struct FormPlan {
    struct CompiledCheck {
        let check: EditCheck
        let evaluate: Evaluator
        /// Whether it runs at each visit of the protocol (by index).
        let runsAt: [Bool]
        /// The field issues are reported against.
        let field: String?
        /// Reads this form at another visit, so it runs after the whole file is read.
        let deferred: Bool
    }

    let trial: TrialProtocol
    let form: Form
    let fields: [FieldPlan]
    let fieldIndex: [String: Int]
    /// Plans of every field an expression of this form reads, local or not.
    let plans: [String: FieldPlan]
    /// Visits collecting the form, in protocol order.
    let collectingVisits: [Visit]
    /// Calculated fields in dependency order.
    let calculations: [(index: Int, evaluate: Evaluator)]
    let branching: [(index: Int, evaluate: Evaluator)]
    let checks: [CompiledCheck]
    /// Fields whose values deferred checks need from every record, in storage order.
    let keptFields: [Int]

    init(trial: TrialProtocol, form: Form) throws(ValidationError) {
        self.trial = trial
        self.form = form
        collectingVisits = trial.visits.filter { $0.forms.contains(form.name) }
        var typed: [(role: ExpressionScope.Role, text: String, owner: Int, runVisits: [String]?)] = []
        for (index, field) in form.fields.enumerated() {
            if let condition = field.showIf { typed.append((.branching, condition, index, nil)) }
            if field.kind == .calculated, let calculation = field.calculation {
                typed.append((.calculation, calculation, index, nil))
            }
        }
        for (index, check) in form.checks.enumerated() {
            typed.append((.check, check.condition, index, check.visits.isEmpty ? nil : check.visits))
        }
        var compiled: [(role: ExpressionScope.Role, owner: Int, expression: TypedExpression)] = []
        for item in typed {
            let scope = ExpressionScope(forms: trial.forms, visits: trial.visits, form: form.name, role: item.role,
                                        runVisits: item.runVisits)
            switch Expression.compile(item.text, in: scope) {
            case .success(let expression): compiled.append((item.role, item.owner, expression))
            case .failure(let problems):
                throw .invalidExpression(form: form.name, expression: item.text,
                                         problem: problems.errors.map(\.message).joined(separator: "; "))
            }
        }
        let references = compiled.flatMap(\.expression.references)
        let readText = Set(references.map(\.field))
        fields = form.fields.map { FieldPlan(field: $0, keepsText: readText.contains($0.name)) }
        fieldIndex = Dictionary(uniqueKeysWithValues: form.fields.enumerated().map { ($1.name, $0) })
        var plans: [String: FieldPlan] = [:]
        for reference in references where reference.field != FieldReference.visitDate {
            if let index = fieldIndex[reference.field] {
                plans[reference.field] = fields[index]
            } else if let field = trial.form(named: reference.form)?.field(named: reference.field) {
                plans[reference.field] = FieldPlan(field: field, keepsText: true)
            }
        }
        self.plans = plans
        let compiler = ExpressionCompiler(localFields: fieldIndex, form: form.name, plans: plans)
        branching = compiled.filter { $0.role == .branching }.map { ($0.owner, compiler.compile($0.expression)) }
        let calculated = compiled.filter { $0.role == .calculation }
        calculations = Self.dependencyOrder(calculated.map { ($0.owner, $0.expression) }, fieldIndex: fieldIndex)
            .map { ($0.0, compiler.compile($0.1)) }
        let collecting = collectingVisits.map(\.name)
        var kept = Set<Int>()
        checks = compiled.filter { $0.role == .check }.map { item in
            let check = form.checks[item.owner]
            let references = item.expression.references
            let deferred = references.contains { $0.visit != nil && $0.form == form.name }
            if deferred {
                for reference in references where reference.form == form.name {
                    if let index = Self.index(of: reference.field, in: form) { kept.insert(index) }
                }
            }
            let field = check.field ?? references.first { $0.form == form.name }?.field
            let visits = Set(check.visits.isEmpty ? collecting : check.visits)
            return CompiledCheck(check: check, evaluate: compiler.compile(item.expression),
                                 runsAt: trial.visits.map { visits.contains($0.name) }, field: field, deferred: deferred)
        }
        keptFields = kept.sorted()
    }

    private static func index(of field: String, in form: Form) -> Int? {
        form.fields.firstIndex { $0.name == field }
    }

    /// Calculations ordered so that each comes after the calculated fields it reads.
    private static func dependencyOrder(_ items: [(Int, TypedExpression)],
                                        fieldIndex: [String: Int]) -> [(Int, TypedExpression)] {
        var ordered: [(Int, TypedExpression)] = [], placed = Set<Int>()
        var pending = items
        while !pending.isEmpty {
            let owners = Set(pending.map(\.0))
            let ready = pending.filter { item in
                item.1.references.allSatisfy { reference in
                    guard reference.visit == nil, let index = fieldIndex[reference.field] else { return true }
                    return !owners.contains(index) || index == item.0
                }
            }
            let next = ready.isEmpty ? [pending[0]] : ready       // a cycle: keep form order
            for item in next where placed.insert(item.0).inserted { ordered.append(item) }
            pending.removeAll { placed.contains($0.0) }
        }
        return ordered
    }

    /// Whether any check needs records of other visits of this form.
    var hasDeferredChecks: Bool { checks.contains(where: \.deferred) }
}
