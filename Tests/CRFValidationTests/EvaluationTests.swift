import Testing
import TrialCore
@testable import CRFValidation

/// Runtime semantics of expressions: three-valued logic, dates, functions.
@Suite struct EvaluationTests {
    let names = ExpressionTypeTests.forms[0].fields.map(\.name)

    func evaluate(_ text: String, _ values: [String: Value], visitDate: Value = .empty) throws -> Value {
        let forms = ExpressionTypeTests.forms
        let scope = ExpressionScope(forms: forms, visits: ExpressionTypeTests.visits, form: "visit", role: .check)
        let typed = try Expression.compile(text, in: scope).get()
        let fields = forms[0].fields
        let plans = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, FieldPlan(field: $0, keepsText: true)) })
        let compiler = ExpressionCompiler(localFields: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }),
                                          form: "visit", plans: plans)
        let context = EvaluationContext(fieldCount: names.count) { _, _, _, _ in .empty }
        for (name, value) in values { context.row[names.firstIndex(of: name)!] = value }
        context.visitDate = visitDate
        return compiler.compile(typed)(context)
    }

    @Test func threeValuedLogic() throws {
        #expect(try evaluate("[weight] > 1 and [height] > 1", ["height": .number(0)]) == .boolean(false))
        #expect(try evaluate("[weight] > 1 and [height] > 1", ["height": .number(2)]) == .empty)
        #expect(try evaluate("[weight] > 1 or [height] > 1", ["height": .number(2)]) == .boolean(true))
        #expect(try evaluate("not ([weight] > 1)", [:]) == .empty)
        #expect(try evaluate("[weight] > 1 or [height] > 1", ["weight": .invalid, "height": .number(0)]) == .invalid)
        #expect(try evaluate("[weight] > 1", ["weight": .coded(0)]) == .empty)
        #expect(try evaluate("is_missing([weight]) and count_missing([weight], [height], [note]) = 2",
                             ["weight": .coded(0), "note": .text("x")]) == .boolean(true))
    }

    @Test func arithmeticAndFunctions() throws {
        #expect(try evaluate("[weight] / [height] ^ 2 > 22", ["weight": .number(70), "height": .number(1.75)]) == .boolean(true))
        #expect(try evaluate("[weight] / [height] > 0", ["weight": .number(1), "height": .number(0)]) == .empty)
        #expect(try evaluate("sum([weight], [height]) = 3 and mean([weight], [height]) = 3", ["weight": .number(3)]) == .boolean(true))
        #expect(try evaluate("min([weight], [height], 10) = 2 and max([weight], 1) = 2", ["weight": .number(2)]) == .boolean(true))
        #expect(try evaluate("round(2.5) = 3 and round(-2.5) = -3 and round(1.25, 1) = 1.3", [:]) == .boolean(true))
        #expect(try evaluate("abs(-[weight]) = 4", ["weight": .number(4)]) == .boolean(true))
        #expect(try evaluate("if([employed] = 1, [weight], 0) = 0", ["employed": .number(0), "weight": .number(5)]) == .boolean(true))
        #expect(try evaluate("if([employed] = 1, 1, 0) = 0", [:]) == .empty)
    }

    @Test func datesAndChoices() throws {
        let jan31 = CalendarDate(iso: "2024-01-31")!.dayNumber
        let mar1 = CalendarDate(iso: "2024-03-01")!.dayNumber
        #expect(mar1 - jan31 == 30)   // 2024 is a leap year
        let dates: [String: Value] = ["seen_on": .date(mar1)]
        #expect(try evaluate("[seen_on] - [visit_date] = 30", dates, visitDate: .date(jan31)) == .boolean(true))
        #expect(try evaluate("datediff([visit_date], [seen_on]) = 30", dates, visitDate: .date(jan31)) == .boolean(true))
        #expect(try evaluate("[visit_date] + 30 = [seen_on]", dates, visitDate: .date(jan31)) == .boolean(true))
        #expect(try evaluate("[seen_on] = date('2024-03-01')", dates) == .boolean(true))
        #expect(try evaluate("[seen_on] + [weight] > [visit_date]", ["seen_on": .date(mar1), "weight": .number(1e300)],
                             visitDate: .date(jan31)) == .empty)
        let noon = Double(mar1) * 86_400 + 12 * 3600
        #expect(try evaluate("[seen_at] - [seen_on] = 0.5 and [seen_at] > [seen_on]", ["seen_on": .date(mar1), "seen_at": .datetime(noon)])
            == .boolean(true))
        #expect(try evaluate("[sex] = 'm' and [grade] >= 2 and selected([drugs], 'b') and not selected([drugs], 'a')",
                             ["sex": .choice(1), "grade": .choice(1), "drugs": .choices(0b10)]) == .boolean(true))
    }

    @Test func calendarDates() {
        #expect(CalendarDate(iso: "1970-01-01")?.dayNumber == 0)
        #expect(CalendarDate(iso: "2000-02-29")?.dayNumber == 11_016)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2023-04-31") == nil)
        #expect(CalendarDate(iso: "2023-4-30") == nil)
        #expect(CalendarDate(dayNumber: 19_753).description == "2024-01-31")
        #expect(CalendarDate(iso: "1969-12-31")?.dayNumber == -1)
        #expect(parseISOTimestamp("2024-01-31T09:30") == Double(19_753 * 86_400 + 9 * 3600 + 30 * 60))
        #expect(parseISOTimestamp("2024-01-31 09:30:15Z") == Double(19_753 * 86_400 + 9 * 3600 + 30 * 60 + 15))
        #expect(parseISOTimestamp("2024-01-31T09:30+01:00") == Double(19_753 * 86_400 + 8 * 3600 + 30 * 60))
        #expect(parseISOTimestamp("2024-01-31T24:00") == nil)
        #expect(parseISOTimestamp("2024-01-31") == nil)
    }
}
