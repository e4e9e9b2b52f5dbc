import Testing
@testable import TrialSpec

/// Checks of forms, fields, scores and the analysis plan, on edits of `minimalProtocol`.
@Suite struct FormCheckTests {
    @Test func fieldKindRules() {
        let base = "items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}"
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: sex, kind: choice}]") == [
            "22:14: field `sex` is a choice field and needs `choices`, a list of `code` and `label`",
        ])
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: note, kind: text, max: 3}]") == [
            "22:44: `max` applies only to integer, decimal and calculated fields, not to a text field; remove it",
        ])
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: total, kind: calculated}]") == [
            "22:14: field `total` is calculated and needs `calculation`, the expression that computes it",
        ])
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: n, kind: intger}]") == [
            "22:30: `kind` must be one of `integer`, `decimal`, `text`, `date`, `datetime`, `yesno`, `choice`, `multichoice`, `calculated`, not `intger`; did you mean `integer`?",
        ])
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: n, kind: number}]") == [
            "22:30: `kind` must be one of `integer`, `decimal`, `text`, `date`, `datetime`, `yesno`, `choice`, `multichoice`, `calculated`, not `number`",
        ])
        #expect(problemsAfter(replacing: base, with: base + "\n    fields: [{name: 2x, kind: text}]") == [
            "22:21: field name `2x` is not a valid name; use a letter followed by letters, digits or `_` (ASCII), so it can be used in formulas and data files",
        ])
    }

    @Test func formsNeedFields() {
        let itemsLine = "    items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}\n    score: {method: sum}\n"
        #expect(problemsAfter(replacing: itemsLine, with: "    fields: []\n").contains(
            "20:5: form `scale` has no fields; give `fields`, `items` or both"))
        #expect(problemsAfter(replacing: itemsLine, with: "").contains(
            "20:5: form `scale` has no fields; give `fields`, `items` or both"))
    }

    @Test func generatorsAndChoices() {
        let items = "items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}"
        #expect(problemsAfter(replacing: items, with: "items: {prefix: item, count: 3, width: 0, kind: integer, min: 0, max: 4}").contains(
            "21:44: `width` must be between 1 (the digits of the last item number, 3) and 9, not 0"))
        #expect(problemsAfter(replacing: items, with: "items: {prefix: item, count: 3, labels: [a, b], kind: integer}") == [
            "21:45: `labels` has 2 entries but `count` is 3; give one label per item",
        ])
        let choices = "\n    fields: [{name: sex, kind: choice, choices: [{code: f}, {code: f}]}]"
        #expect(problemsAfter(replacing: items, with: items + choices) == [
            "22:68: duplicate choice code `f` (first defined at line 22, column 57)",
        ])
        let scored = "\n    fields: [{name: note, kind: text}]\n    score: {method: sum, items: [item1, note, item9]}"
        #expect(problemsAfter(replacing: items + "\n    score: {method: sum}", with: items + scored) == [
            "23:41: score item `note` is a text field; only integer and decimal fields can be scored",
            "23:47: score item `item9` is not a field of this form; did you mean `item1`?",
        ])
    }

    @Test func scores() {
        #expect(problemsAfter(replacing: "score: {method: sum}", with: "score: {method: sum, reversed: [item4]}") == [
            "22:37: reversed item `item4` is not one of the score's items; did you mean `item1`?",
        ])
        #expect(problemsAfter(replacing: "score: {method: sum}", with: "score: {method: sum, minimum_answered: 4}") == [
            "22:44: `minimum_answered` must be between 1 and 3 (the number of score items), not 4",
        ])
        #expect(problemsAfter(replacing: "    score: {method: sum}\n", with: "") == [
            "24:48: outcome `scale_week8` uses form `scale`, which has no `score`; give the form a score to analyse it",
        ])
    }

    @Test func analysisPlan() {
        #expect(problemsAfter(replacing: "role: primary", with: "role: secondary") == [
            "25:5: no outcome has role `primary`; a trial needs a primary outcome",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"other ~ arm\"") == [
            "25:78: the response of formula `other ~ arm` must be `scale`, the outcome's score",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + (1 | participant_id\"") == [
            "25:78: formula `scale ~ arm + (1 | participant_id` has unbalanced parentheses",
        ])
        #expect(problemsAfter(replacing: "visit: week8, formula", with: "visit: baseline, formula") == [
            "25:62: outcome `scale_week8` is evaluated at visit `baseline`, which is not after the baseline visit; pick a visit after baseline",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"",
                              with: "\"scale ~ arm * visit + scale_baseline + site + (1 | participant_id)\"").isEmpty)
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + sex + (1 | participant_id)\"") == [
            "25:78: formula `scale ~ arm + sex + (1 | participant_id)` names unknown variable `sex` (columns of the long data: "
                + "`participant_id`, `arm`, `site`, `visit`, `scale`, `scale_baseline`)",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + scale_basline + (1 | participant_id)\"") == [
            "25:78: formula `scale ~ arm + scale_basline + (1 | participant_id)` names unknown variable `scale_basline`; "
                + "did you mean `scale_baseline`? (columns of the long data: "
                + "`participant_id`, `arm`, `site`, `visit`, `scale`, `scale_baseline`)",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + + (1 | participant_id)\"") == [
            "25:78: formula `scale ~ arm + + (1 | participant_id)` has an operator without a term on both sides; "
                + "write terms like `arm * visit + (1 | participant_id)`",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm * (1 | participant_id) +\"") == [
            "25:78: formula `scale ~ arm * (1 | participant_id) +` has an operator without a term on both sides; "
                + "write terms like `arm * visit + (1 | participant_id)`",
        ])
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + (1 || participant_id)\"").isEmpty)
        #expect(problemsAfter(replacing: "\"scale ~ arm + (1 | participant_id)\"", with: "\"scale ~ arm + ()\"") == [
            "25:78: formula `scale ~ arm + ()` has empty brackets `()`",
        ])
        #expect(problemsAfter(replacing: "form: scale, visit", with: "form: scale, score: scale_total, visit") == [
            "25:62: outcome `scale_week8` names unknown score `scale_total` of form `scale` (scores: `scale`)",
        ])
        #expect(problemsAfter(replacing: "role: primary,", with: "role: primary, covariance: un,") == [
            "25:54: `covariance` must be one of `us`, `cs`, `csh`, `ar1`, `ar1h`, `toep`, `toeph`, not `un`; did you mean `us`?",
        ])
        #expect(problemsAfter(replacing: "analysis:\n", with: "analysis:\n  control_arm: C\n") == [
            "24:16: `control_arm` names unknown arm `C`; did you mean `A`? (arms: `A`, `B`)",
        ])
        #expect(problemsAfter(replacing: "analysis:\n", with: "analysis:\n  baseline_visit: screening\n") == [
            "24:19: `baseline_visit` names unknown visit `screening` (defined: `baseline`, `week8`)",
        ])
        #expect(problemsAfter(replacing: "analysis:\n", with: "analysis:\n  confidence_level: 95\n") == [
            "24:21: `confidence_level` must lie strictly between 0 and 1 (e.g. 0.95), not 95",
        ])
    }
}
