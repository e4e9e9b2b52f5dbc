import Foundation
import Testing
import TrialCore
@testable import TrialSpec

/// Checks of the CRF parts of the format: soft ranges, decimals, patterns, missing-value
/// codes, branching logic, calculations, edit checks and subscores, on edits of `minimalProtocol`.
@Suite struct CRFFormatTests {
    let items = "items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}"

    func withFields(_ fields: String) -> [String] {
        problemsAfter(replacing: items, with: items + "\n    fields:\n" + fields)
    }

    @Test func validFieldsAndChecksLoad() throws {
        let fields = [
            "    fields:",
            "      - {name: employed, kind: yesno}",
            "      - {name: hours, kind: decimal, decimals: 1, min: 0, max: 100, soft_max: 60, show_if: \"[employed] = 1\"}",
            "      - {name: code, kind: text, pattern: \"[A-Z]{2}[0-9]{3}\"}",
            "      - {name: total, kind: calculated, calculation: \"sum([item1], [item2], [item3])\"}",
            "    checks:",
            "      - {check: \"[week8][item1] >= [baseline][item1]\", visits: [week8], severity: warning, field: item1}",
        ]
        let yaml = minimalProtocol.replacingOccurrences(of: items, with: ([items] + fields).joined(separator: "\n"))
        let spec = try check(yaml: yaml).get().spec
        let form = try #require(spec.form(named: "scale"))
        let hours = try #require(form.field(named: "hours"))
        #expect(hours.decimals == 1 && hours.softMax == 60 && hours.showIf == "[employed] = 1")
        #expect(form.field(named: "code")?.pattern == "[A-Z]{2}[0-9]{3}")
        #expect(form.checks == [EditCheck(condition: "[week8][item1] >= [baseline][item1]", severity: .warning,
                                          visits: ["week8"], field: "item1")])
    }

    @Test func rangesDecimalsAndPatterns() {
        #expect(withFields("      - {name: x, kind: integer, min: 0, max: 10, soft_min: -1, soft_max: 8}") == [
            "23:61: `soft_min` (-1) lies below `min` (0); the soft range must lie inside the hard range",
        ])
        #expect(withFields("      - {name: x, kind: decimal, soft_min: 5, soft_max: 2}") == [
            "23:44: `soft_min` (5) is greater than `soft_max` (2)",
        ])
        #expect(withFields("      - {name: x, kind: integer, decimals: 2, pattern: \"[0-9]\"}") == [
            "23:44: `decimals` applies only to decimal fields, not to a integer field; remove it",
            "23:56: `pattern` applies only to text fields, not to a integer field; remove it",
        ])
        #expect(withFields("      - {name: x, kind: text, pattern: \"[a-\"}") == [
            "23:40: `pattern` `[a-` is not a valid regular expression (the regular-expression engine refused it)",
        ])
    }

    @Test func expressionErrorsPointIntoTheExpression() {
        // The caret column is the YAML column of the quote + 1 + the offset in the expression.
        #expect(withFields("      - {name: x, kind: text, show_if: \"[item1] >\"}") == [
            "23:50: `show_if` of field `x` `[item1] >`: the expression ends too early; expected a value",
        ])
        #expect(withFields("      - {name: x, kind: text, show_if: \"[itme1] = 1\"}") == [
            "23:41: `show_if` of field `x` `[itme1] = 1`: unknown field `itme1`; did you mean `item1`?",
        ])
        #expect(withFields("      - {name: x, kind: text, show_if: \"[item1] = 'yes'\"}") == [
            "23:41: `show_if` of field `x` `[item1] = 'yes'`: cannot compare a number with a text",
        ])
        #expect(withFields("      - {name: x, kind: text, show_if: \"[baseline][item1] = 1\"}") == [
            "23:41: `show_if` of field `x` `[baseline][item1] = 1`: branching logic and calculations read this form "
                + "at the record's own visit; write `[item1]`, or compare visits in a check",
        ])
        #expect(withFields("      - {name: x, kind: text, show_if: \"[x] = 'a'\"}") == [
            "23:41: `show_if` of field `x` refers to the field itself; a field cannot decide its own visibility",
        ])
        #expect(withFields("      - {name: x, kind: calculated, calculation: \"[item1] > 1\"}") == [
            "23:51: `calculation` of field `x` `[item1] > 1`: a calculation must give a number, but this "
                + "expression gives true or false; check the operators",
        ])
    }

    @Test func recordColumnNamesAreReserved() {
        #expect(withFields("      - {name: visit_date, kind: date}") == [
            "23:16: field name `visit_date` is reserved: every data file has the columns `participant_id`, `visit` "
                + "and `visit_date`; choose another name",
        ])
    }

    @Test func calculationCycles() {
        #expect(withFields("""
                  - {name: a, kind: calculated, calculation: "[b] + 1"}
                  - {name: b, kind: calculated, calculation: "[a] * 2"}
            """) == [
            "23:51: calculated fields depend on each other in a cycle: `a` → `b` → `a`",
        ])
    }

    @Test func editChecks() {
        let checks = "    score: {method: sum}\n    checks:\n"
        func problems(_ check: String) -> [String] {
            problemsAfter(replacing: "    score: {method: sum}\n", with: checks + check + "\n")
        }
        #expect(problems("      - {check: \"[week8][item1] >= [baseline][item1]\", visits: [week9]}") == [
            "24:65: check names unknown visit `week9`; did you mean `week8`?",
        ])
        #expect(problems("      - {check: \"[week9][item1] > 0\"}") == [
            "24:18: check `[week9][item1] > 0`: unknown visit `week9`; did you mean `week8`?",
        ])
        #expect(problems("      - {check: \"[item1] > 0\", severity: fatal}") == [
            "24:42: `severity` must be one of `error`, `warning`, `note`, not `fatal`",
        ])
        #expect(problems("      - {check: \"[item1] > 0\", field: item9}") == [
            "24:39: check `field` `item9` is not a field of this form; did you mean `item1`?",
        ])
        #expect(problems("      - {check: \"[item1] + 1\"}") == [
            "24:18: check `[item1] + 1`: a condition must be true or false, but this expression gives a number; "
                + "compare it with something, e.g. `... = 1`",
        ])
        #expect(problems("      - {check: \"[item1] > 0\", visit: [week8]}") == [
            "24:32: unknown key `visit` in check; did you mean `visits`? (allowed: `check`, `severity`, `message`, "
                + "`visits`, `field`)",
        ])
    }

    @Test func missingCodesMustNotBeValidValues() {
        let codes = "schema_version: 1\nmissing_codes: [{code: \"2\", label: Two}, {code: \"-9\"}]\n"
        #expect(problemsAfter(replacing: "schema_version: 1\n", with: codes) == [
            "22:12: missing-value code `2` (from the protocol's `missing_codes`) is also inside the range of field "
                + "`item1`; choose a code that cannot be a real answer",
            "22:12: missing-value code `2` (from the protocol's `missing_codes`) is also inside the range of field "
                + "`item2`; choose a code that cannot be a real answer",
            "22:12: missing-value code `2` (from the protocol's `missing_codes`) is also inside the range of field "
                + "`item3`; choose a code that cannot be a real answer",
        ])
        #expect(withFields("      - {name: s, kind: choice, choices: [{code: a}, {code: b}], missing_codes: [{code: b}, {code: b}]}") == [
            "23:81: missing-value code `b` is also a choice code of field `s`; choose a code that cannot be a real answer",
            "23:100: duplicate missing-value code `b` (first defined at line 23, column 89)",
        ])
    }

    @Test func subscores() {
        let score = "score: {method: sum}"
        #expect(problemsAfter(replacing: score, with: "score: {method: sum, subscores: [{name: part, items: [item1, item4]}]}") == [
            "22:66: subscore item `item4` is not one of the score's items; did you mean `item1`?",
        ])
        #expect(problemsAfter(replacing: score, with: "score: {method: sum, subscores: [{name: item2, items: [item1]}]}") == [
            "22:45: subscore name `item2` is also a field of form `scale`; names of scores must be unique",
        ])
        #expect(problemsAfter(replacing: score, with: "score: {method: sum, fill: median}") == [
            "22:32: `fill` must be one of `mean`, `rounded-mean`, not `median`; did you mean `mean`?",
        ])
    }
}
