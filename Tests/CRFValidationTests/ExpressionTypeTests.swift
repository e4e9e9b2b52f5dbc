import Testing
import TrialCore

/// Type checking against a scope: references, operand types, functions, roles.
@Suite struct ExpressionTypeTests {
    static let forms = [
        Form(name: "visit", label: "Visit", fields: [
            Field(name: "weight", label: "", kind: .decimal),
            Field(name: "height", label: "", kind: .decimal),
            Field(name: "employed", label: "", kind: .yesno),
            Field(name: "sex", label: "", kind: .choice, choices: [Choice(code: "f", label: "F"), Choice(code: "m", label: "M")]),
            Field(name: "grade", label: "", kind: .choice, choices: [Choice(code: "1", label: ""), Choice(code: "2", label: "")]),
            Field(name: "drugs", label: "", kind: .multichoice, choices: [Choice(code: "a", label: ""), Choice(code: "b", label: "")]),
            Field(name: "seen_on", label: "", kind: .date),
            Field(name: "seen_at", label: "", kind: .datetime),
            Field(name: "note", label: "", kind: .text),
        ]),
        Form(name: "intake", label: "Intake", fields: [Field(name: "age", label: "", kind: .integer)]),
    ]
    static let visits = [
        Visit(name: "baseline", label: "", day: 0, windowBefore: 0, windowAfter: 0, forms: ["visit", "intake"]),
        Visit(name: "week4", label: "", day: 28, windowBefore: 3, windowAfter: 3, forms: ["visit"]),
    ]

    func check(_ text: String, _ role: ExpressionScope.Role = .check, runVisits: [String]? = nil)
        -> Result<TypedExpression, ExpressionErrors> {
        Expression.compile(text, in: ExpressionScope(forms: Self.forms, visits: Self.visits, form: "visit", role: role,
                                                      runVisits: runVisits))
    }

    func messages(_ text: String, _ role: ExpressionScope.Role = .check, runVisits: [String]? = nil) -> [String] {
        switch check(text, role, runVisits: runVisits) {
        case .success: return []
        case .failure(let errors): return errors.errors.map { "\($0.column): \($0.message)" }
        }
    }

    @Test func validExpressions() throws {
        for text in [
            "[weight] / [height] ^ 2 > 18.5", "[employed] = 1", "[sex] = 'f'", "[sex] != \"m\"", "[grade] >= 2",
            "[grade] = 2", "selected([drugs], 'b')", "[seen_on] >= date(\"2024-01-01\")", "[seen_at] > [seen_on]",
            "datediff([baseline][seen_on], [week4][seen_on]) <= 31", "[week4][visit_date] - [baseline][visit_date] > 20",
            "count_missing([weight], [drugs], [note]) < 2", "is_missing([note]) or [note] = 'x'",
            "if([employed] = 1, [weight], 0) < 200", "round(mean([weight], [height]), 1) > 0",
            "[seen_on] + 7 > [visit_date]", "not ([weight] > 100)", "[baseline][age] >= 18",
        ] {
            #expect(messages(text).isEmpty, "\(text): \(messages(text))")
        }
        #expect(try check("[sex] = 'f'").get() == .selected(FieldReference(visit: nil, field: "sex", form: "visit"), code: "f"))
        #expect(try check("[grade] = 2").get() == .selected(FieldReference(visit: nil, field: "grade", form: "visit"), code: "2"))
        #expect(try check("[weight] * 2", .calculation).get().type == .number)
    }

    @Test func typeErrorsArePositioned() {
        #expect(messages("[weight] = 'heavy'") == ["1: cannot compare a number with a text"])
        #expect(messages("[employed] = 'yes'") == ["1: cannot compare a number with a text; yes/no fields hold 1 (yes) or 0 (no)"])
        #expect(messages("[sex] = 'x'") == ["9: not a code of `sex` (codes: `f`, `m`)"])
        #expect(messages("[sex] > 1") == ["1: expected a number here, but this is a choice code; compare `sex` with one of its codes, e.g. `[sex] = \"code\"`"])
        #expect(messages("[drugs] = 'a' and [drugs] + 1 > 0") == [
            "19: expected a number here, but this is a set of choices; test one code of `drugs` with `selected([drugs], \"code\")`",
        ])
        #expect(messages("[note] < 'b'") == ["1: `<` orders numbers and dates; a text can only be compared with `=` or `!=`"])
        #expect(messages("[seen_on] > '2024-01-01'") == ["1: cannot compare a date with a text; write a date as `date(\"YYYY-MM-DD\")`"])
        #expect(messages("[seen_on] * 2 > 1") == ["1: `*` cannot combine a date and a number; dates allow date − date (days), date ± number of days, and comparisons"])
        #expect(messages("[weight] and [height] > 1") == ["1: expected true or false here, but this is a number"])
        #expect(messages("date('2023-02-29') < [seen_on]") == ["6: `2023-02-29` is not a date; write YYYY-MM-DD, e.g. \"2024-01-31\""])
        #expect(messages("avg([weight]) > 1") == ["1: unknown function `avg` (functions: abs, count_missing, date, datediff, datetime, if, is_missing, max, mean, min, round, selected, sum)"])
        #expect(messages("sums([weight]) > 1") == ["1: unknown function `sums`; did you mean `sum`? (functions: abs, count_missing, date, datediff, datetime, if, is_missing, max, mean, min, round, selected, sum)"])
        #expect(messages("count_missing([weight] + 1) > 0") == ["15: `count_missing` takes fields such as `[item1]`, not other expressions"])
        #expect(messages("round([weight], 1.5) > 0") == ["17: the digits of `round` must be a whole number from 0 to 15"])
        #expect(messages("selected([weight], 'a')") == ["10: the first argument of `selected` must be a choice or multichoice field"])
        // Every problem is reported, not only the first.
        #expect(messages("[wieght] > 1 and [sex] = 'q'") == [
            "1: unknown field `wieght`; did you mean `weight`?", "26: not a code of `sex` (codes: `f`, `m`)",
        ])
    }

    @Test func referencesMustExistWhereTheExpressionRuns() {
        #expect(messages("[week8][weight] > 0") == ["1: unknown visit `week8`; did you mean `week4`?"])
        #expect(messages("[week4][age] > 0") == ["1: visit `week4` does not collect form `intake`, which holds `age`"])
        #expect(messages("[week4][visit_date] > [baseline][visit_date]").isEmpty)
        // `age` is collected only at baseline, so a check that also runs at week4 must name the visit.
        #expect(messages("[age] >= 18") == ["1: `age` belongs to form `intake`, which is not collected at visit `week4`; name the visit, e.g. `[visit][age]`"])
        #expect(messages("[age] >= 18", runVisits: ["baseline"]).isEmpty)
        #expect(messages("[baseline][weight] > 0", .branching) == [
            "1: branching logic and calculations read this form at the record's own visit; write `[weight]`, or compare visits in a check",
        ])
    }

    @Test func rolesRequireTheirType() {
        #expect(messages("[weight] + 1", .branching) == ["1: a condition must be true or false, but this expression gives a number; compare it with something, e.g. `... = 1`"])
        #expect(messages("[weight] > 1", .calculation) == ["1: a calculation must give a number, but this expression gives true or false; check the operators"])
        #expect(messages("[grade]", .calculation).isEmpty)   // numeric codes read as numbers
    }
}
