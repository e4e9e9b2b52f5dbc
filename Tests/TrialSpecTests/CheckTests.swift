import Testing
import TrialCore
@testable import TrialSpec

/// A small valid protocol; each test edits one part of it and expects the exact problems.
let minimalProtocol = """
schema_version: 1
trial:
  id: mini
  title: Minimal trial
  target_sample_size: 40
arms:
  - {code: A, ratio: 1}
  - {code: B, ratio: 1}
stratification:
  - {name: site, levels: [north, south]}
randomization:
  method: permuted-blocks
  block_sizes:
    - {size: 2, probability: 0.5}
    - {size: 4, probability: 0.5}
visits:
  - {name: baseline, day: 0, forms: [scale]}
  - {name: week8, day: 56, window: 7, forms: [scale]}
forms:
  - name: scale
    items: {prefix: item, count: 3, kind: integer, min: 0, max: 4}
    score: {method: sum}
analysis:
  outcomes:
    - {name: scale_week8, role: primary, form: scale, visit: week8, formula: "scale ~ arm + (1 | participant_id)"}

"""

/// The problems of the minimal protocol with `old` replaced by `new` (which must occur once),
/// as `line:column: message`.
func problemsAfter(replacing old: String, with new: String,
                   sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    let parts = minimalProtocol.components(separatedBy: old)
    #expect(parts.count == 2, "`\(old)` must occur exactly once", sourceLocation: sourceLocation)
    return problems(parts.joined(separator: new)).map { "\($0.line):\($0.column): \($0.message)" }
}

@Suite struct CheckTests {
    @Test func minimalProtocolIsValid() throws {
        let loaded = try check(yaml: minimalProtocol).get()
        #expect(loaded.spec.forms[0].fields.map(\.name) == ["item1", "item2", "item3"])
    }

    @Test func unknownKeysSuggestTheClosestKnownKey() {
        #expect(problemsAfter(replacing: "  method: permuted-blocks", with: "  methd: permuted-blocks") == [
            "12:3: unknown key `methd` in `randomization`; did you mean `method`? (allowed: `method`, `block_sizes`, `minimization`, `blinded_roles`, `eligibility`)",
            "12:3: `randomization` is missing required key `method`",
        ])
        #expect(problemsAfter(replacing: "  block_sizes:", with: "  blockSizes:") == [
            "12:3: `randomization` is missing required key `block_sizes`",
            "13:3: unknown key `blockSizes` in `randomization`; did you mean `block_sizes`? (allowed: `method`, `block_sizes`, `minimization`, `blinded_roles`, `eligibility`)",
        ])
        // Far from every key: no suggestion.
        #expect(problemsAfter(replacing: "schema_version: 1\n", with: "schema_version: 1\nsponsor: x\n") == [
            "2:1: unknown key `sponsor` in the protocol (allowed: `schema_version`, `trial`, `arms`, `stratification`, `randomization`, `forms`, `visits`, `analysis`, `missing_codes`)",
        ])
    }

    @Test func seedIsRefusedAnywhere() {
        #expect(problemsAfter(replacing: "schema_version: 1\n", with: "schema_version: 1\nseed: 42\n") == [
            "2:1: `seed` is not allowed in a protocol: the randomization seed is secret and is given only when the allocation list is generated; remove this key",
        ])
        let inBlock = problemsAfter(replacing: "{size: 2, probability: 0.5}", with: "{size: 2, probability: 0.5, seed: 1}")
        #expect(inBlock.count == 1 && inBlock[0].hasPrefix("14:35: `seed` is not allowed"))
    }

    @Test func wrongTypes() {
        #expect(problemsAfter(replacing: "{code: B, ratio: 1}", with: "{code: B, ratio: 1.5}") == [
            "8:22: `ratio` must be a whole number, not the number 1.5",
        ])
        #expect(problemsAfter(replacing: "levels: [north, south]", with: "levels: north") == [
            "10:26: `levels` must be a list, not the text `north`",
        ])
        #expect(problemsAfter(replacing: "day: 56", with: "day: 070") == [])  // leading zero is decimal, not octal
        #expect(problemsAfter(replacing: "day: 56", with: "day: 0x38") == [
            "18:24: `day` must be a whole number, not the number 0x38",
        ])
        #expect(problemsAfter(replacing: "probability: 0.5}\n    - {size: 4", with: "probability: half}\n    - {size: 4") == [
            "14:30: `probability` must be a number, not the text `half`",
        ])
        #expect(problemsAfter(replacing: "  title: Minimal trial", with: "  title: [a, b]") == [
            "4:10: `title` must be text, not a list",
        ])
    }

    @Test func missingRequiredKeys() {
        #expect(problemsAfter(replacing: "  title: Minimal trial\n", with: "") == [
            "3:3: `trial` is missing required key `title`",
        ])
        #expect(problemsAfter(replacing: "{code: B, ratio: 1}", with: "{code: B}") == [
            "8:5: arm `B` is missing required key `ratio`",
        ])
        #expect(problemsAfter(replacing: "  title: Minimal trial", with: "  title:") == [
            "4:3: `title` in `trial` has no value; give one",
        ])
    }

    @Test func blockSizesMustFitTheRatio() {
        let ratio21 = problemsAfter(replacing: "{code: A, ratio: 1}", with: "{code: A, ratio: 2}")
        #expect(ratio21 == [
            "14:14: block size 2 is not a multiple of 3, the sum of the arm ratios 2:1; every block must hold whole repetitions of the ratio",
            "15:14: block size 4 is not a multiple of 3, the sum of the arm ratios 2:1; every block must hold whole repetitions of the ratio",
        ])
        // A ratio that cannot be read does not also produce block-size problems.
        #expect(problemsAfter(replacing: "{code: A, ratio: 1}", with: "{code: A, ratio: x}") == [
            "7:22: `ratio` must be a whole number, not the text `x`",
        ])
    }

    @Test func blockProbabilities() {
        #expect(problemsAfter(replacing: "{size: 4, probability: 0.5}", with: "{size: 4, probability: 0.25}") == [
            "14:5: block size probabilities sum to 0.75, not 1; adjust them",
        ])
        #expect(problemsAfter(replacing: "{size: 4, probability: 0.5}", with: "{size: 2, probability: 0.5}") == [
            "15:14: duplicate block size 2 (first listed at line 14); list each size once with its probability",
        ])
        #expect(problemsAfter(replacing: "{size: 4, probability: 0.5}", with: "{size: 4, probability: 0}") == [
            "14:5: block size probabilities sum to 0.5, not 1; adjust them",
            "15:30: block probability must be greater than 0 and at most 1, not 0",
        ])
        // Decimal input that does not add to exactly 1 in binary still sums to 1 within tolerance.
        let thirds = problemsAfter(
            replacing: "    - {size: 2, probability: 0.5}\n    - {size: 4, probability: 0.5}",
            with: "    - {size: 2, probability: 0.1}\n    - {size: 4, probability: 0.2}\n    - {size: 6, probability: 0.7}")
        #expect(thirds == [])
    }

    @Test func methodSpecificKeys() {
        #expect(problemsAfter(replacing: "method: permuted-blocks", with: "method: complete") == [
            "14:5: `block_sizes` applies only to method `permuted-blocks`; remove it",
        ])
        #expect(problemsAfter(replacing: "method: permuted-blocks", with: "method: permuted_blocks") == [
            "12:11: `method` must be one of `permuted-blocks`, `complete`, `minimization`, not `permuted_blocks`; did you mean `permuted-blocks`?",
        ])
    }

    /// The minimal protocol with minimization settings `settings` instead of permuted blocks.
    func withMinimization(_ settings: String) -> String {
        let blocks = "  method: permuted-blocks\n  block_sizes:\n    - {size: 2, probability: 0.5}\n    - {size: 4, probability: 0.5}\n"
        #expect(minimalProtocol.contains(blocks))
        return minimalProtocol.replacingOccurrences(
            of: blocks, with: "  method: minimization\n  minimization: \(settings)\n")
    }

    @Test func minimization() throws {
        let loaded = try check(yaml: withMinimization("{probability: 0.8, measure: range}")).get()
        #expect(loaded.spec.randomization.minimization
            == MinimizationSettings(probability: 0.8, measure: .range, weights: [1]))
        let weighted = try check(yaml: withMinimization(
            "{probability: 1, measure: standard-deviation, weights: {site: 2.5}}")).get()
        #expect(weighted.spec.randomization.minimization
            == MinimizationSettings(probability: 1, measure: .standardDeviation, weights: [2.5]))
        // p = 1/K (allocation by the ratio alone) is the smallest allowed value.
        #expect(problems(withMinimization("{probability: 0.5, measure: range}")).isEmpty)
        #expect(problems(withMinimization("{probability: 0.4, measure: variance}")).map(\.description) == [
            "test.yaml:13:31: minimization probability must be at least 1/2 (one over the number of arms) and at most 1, not 0.4",
        ])
        #expect(problems(withMinimization("{probability: 0.8, measure: range, weights: {sites: 1, site: 0}}"))
            .map(\.description) == [
            "test.yaml:13:62: unknown key `sites` in `weights`; did you mean `site`? (allowed: `site`)",
            "test.yaml:13:78: weight of factor `site` must be greater than 0, not 0",
        ])
        let noFactors = withMinimization("{probability: 0.8, measure: range}")
            .replacingOccurrences(of: "stratification:\n  - {name: site, levels: [north, south]}\n", with: "")
        #expect(problems(noFactors).map(\.description) == [
            "test.yaml:10:11: minimization balances the stratification factors, but none is defined",
        ])
    }

    @Test func duplicateNames() {
        #expect(problemsAfter(replacing: "{code: B, ratio: 1}", with: "{code: A, ratio: 1}") == [
            "8:12: duplicate arm code `A` (first defined at line 7, column 12)",
        ])
        #expect(problemsAfter(replacing: "[north, south]", with: "[north, north]") == [
            "10:34: duplicate level `north` in stratification factor `site` (first defined at line 10, column 27)",
        ])
        #expect(problemsAfter(replacing: "{name: week8, day: 56", with: "{name: baseline, day: 56") == [
            "18:12: duplicate visit `baseline` (first defined at line 17, column 12)",
            // A true consequence: no visit is called `week8` any more.
            "25:62: outcome `scale_week8` names unknown visit `week8` (defined: `baseline`)",
        ])
        #expect(problemsAfter(replacing: "forms: [scale]}\n  - {name: week8", with: "forms: [scale, scale]}\n  - {name: week8") == [
            "17:45: duplicate form `scale` in visit `baseline` (first defined at line 17, column 38)",
        ])
        let twoForms = problemsAfter(replacing: "    score: {method: sum}\n",
                                     with: "    score: {method: sum}\n  - name: scale\n    fields: [{name: other, kind: text}]\n")
        #expect(twoForms == ["23:11: duplicate form `scale` (first defined at line 20, column 11)"])
        let clash = problemsAfter(replacing: "    score: {method: sum}\n",
                                  with: "    score: {method: sum}\n  - name: extra\n    fields: [{name: item2, kind: text}]\n")
        #expect(clash == ["24:21: duplicate field name `item2` (first defined at line 21, column 12); field names must be unique across all forms"])
    }

    @Test func references() {
        #expect(problemsAfter(replacing: "window: 7, forms: [scale]", with: "window: 7, forms: [scales]") == [
            "18:47: visit `week8` names unknown form `scales`; did you mean `scale`? (defined: `scale`)",
            // A true consequence: the outcome's visit no longer collects its form.
            "25:62: outcome `scale_week8` is evaluated at visit `week8`, which does not collect form `scale`; add the form to the visit or pick another visit",
        ])
        #expect(problemsAfter(replacing: "form: scale, visit: week8", with: "form: sacle, visit: week9") == [
            "25:48: outcome `scale_week8` names unknown form `sacle`; did you mean `scale`? (defined: `scale`)",
            "25:62: outcome `scale_week8` names unknown visit `week9`; did you mean `week8`? (defined: `baseline`, `week8`)",
        ])
        #expect(problemsAfter(replacing: "visit: week8", with: "visit: baseline") == [
            "25:62: outcome `scale_week8` is evaluated at visit `baseline`, which is not after the baseline visit; pick a visit after baseline",
        ])
    }

    @Test func ranges() {
        #expect(problemsAfter(replacing: "window: 7", with: "window: -7") == [
            "18:36: `window` must be 0 or more days, not -7",
        ])
        #expect(problemsAfter(replacing: "min: 0, max: 4", with: "min: 5, max: 4") == [
            "21:57: `min` (5) is greater than `max` (4)",
        ])
        #expect(problemsAfter(replacing: "min: 0, max: 4", with: "min: 0.5, max: 4") == [
            "21:57: `min` of an integer field must be a whole number, not 0.5",
        ])
        #expect(problemsAfter(replacing: "target_sample_size: 40", with: "target_sample_size: 0") == [
            "5:23: `target_sample_size` must be at least 1, not 0",
        ])
        #expect(problemsAfter(replacing: "count: 3", with: "count: 0") == [
            "21:34: `count` must be between 1 and 1000, not 0",
        ])
    }

    @Test func visitOrderAndWindows() {
        #expect(problemsAfter(replacing: "day: 56, window: 7", with: "day: 0, window: 7") == [
            "18:24: visit `week8` (day 0) must come after visit `baseline` (day 0); list visits in order of their day",
            // A true consequence: the outcome's visit is no longer after baseline.
            "25:62: outcome `scale_week8` is evaluated at visit `week8`, which is not after the baseline visit; pick a visit after baseline",
        ])
        #expect(problemsAfter(replacing: "day: 56, window: 7", with: "day: 5, window: 7") == [
            "18:24: the window of visit `week8` (days -2 to 12) overlaps that of visit `baseline` (days 0 to 0); narrow one of them",
        ])
    }

    @Test func textIsStoredInNormalizationFormC() throws {
        // "é" typed as e + U+0301 COMBINING ACUTE ACCENT is stored as the precomposed U+00E9.
        let decomposed = "Fre\u{0301}dericia"
        let yaml = minimalProtocol.replacingOccurrences(of: "[north, south]", with: "[north, \(decomposed)]")
        let loaded = try check(yaml: yaml).get()
        #expect(Array(loaded.spec.stratification[0].levels[1].unicodeScalars.map(\.value))
            == Array("Fr\u{E9}dericia".unicodeScalars.map(\.value)))
        // Two spellings of the same level are one level.
        let twice = minimalProtocol.replacingOccurrences(of: "[north, south]",
                                                         with: "[Fr\u{E9}dericia, \(decomposed)]")
        #expect(problems(twice).map(\.message) == [
            "duplicate level `Fr\u{E9}dericia` in stratification factor `site` (first defined at line 10, column 27)",
        ])
    }

    @Test func schemaVersion() {
        #expect(problemsAfter(replacing: "schema_version: 1", with: "schema_version: 2") == [
            "1:17: schema_version 2 is not supported; this TrialKit reads schema_version 1",
        ])
    }
}

@Suite struct SuggestionTests {
    @Test func closestCandidate() {
        #expect(Suggestion.closest(to: "ratoi", among: ["ratio", "label", "code"]) == "ratio")
        #expect(Suggestion.closest(to: "BLOCK-SIZES", among: ["block_sizes", "method"]) == "block_sizes")
        #expect(Suggestion.closest(to: "xyz", among: ["ratio", "label"]) == nil)
        #expect(Suggestion.distance(Array("kitten"), Array("sitting")) == 3)
        #expect(Suggestion.distance(Array("ab"), Array("ba")) == 1)
    }
}
