import Foundation
import Testing
import LinearAlgebra
@testable import MixedModels

/// lme4's model checks (`checkNlevels`, `checkZdims`) and the engine's own limits, as typed errors.
@Suite struct ValidationTests {
    @Test func aModelWithoutRandomEffectsIsRejected() throws {
        var frame = try Reference.dyestuff("dyestuff.csv")
        frame.randomTerms = []
        #expect(throws: MixedModelError.noRandomEffects) { try LinearMixedModel.fit(frame) }
    }

    @Test func aGroupingFactorWithOneLevelIsRejected() throws {
        var frame = try Reference.dyestuff("dyestuff.csv")
        frame.randomTerms = [interceptTerm("Batch", Array(repeating: "A", count: 30))]
        #expect(throws: MixedModelError.tooFewLevels(grouping: "Batch", levels: 1)) { try LinearMixedModel.fit(frame) }
    }

    @Test func oneLevelPerObservationIsRejected() throws {
        var frame = try Reference.dyestuff("dyestuff.csv")
        frame.randomTerms = [interceptTerm("Row", (0..<30).map { String(format: "%02d", $0) })]
        let error = MixedModelError.tooManyLevels(grouping: "Row", levels: 30, observations: 30)
        #expect(throws: error) { try LinearMixedModel.fit(frame) }
        #expect(error.description.contains("must be < number of observations"))
    }

    @Test func moreRandomEffectsThanObservationsIsRejected() throws {
        // Two days per subject: 36 observations for 18 × 2 random effects in (Days | Subject).
        let full = try Reference.sleepstudy()
        let keep = (0..<full.observationCount).filter { full.fixed[$0, 1] < 2 }
        let days = keep.map { full.fixed[$0, 1] }
        let subject = keep.map { full.randomTerms[0].levels[Int(full.randomTerms[0].levelIndex[$0])] }
        let frame = makeFrame(response: keep.map { full.response[$0] }, responseName: "Reaction",
                              covariates: [("Days", days)],
                              terms: [makeTerm("Subject", subject, columns: [("(Intercept)", days.map { _ in 1 }),
                                                                             ("Days", days)])])
        let error = MixedModelError.tooManyRandomEffects(term: "1 + Days | Subject", randomEffects: 36, observations: 36)
        #expect(throws: error) { try LinearMixedModel.fit(frame) }
        #expect(error.description.hasPrefix("number of observations (=36) <= number of random effects (=36)"))
    }

    @Test func nonFiniteResponseIsRejected() throws {
        var frame = try Reference.dyestuff("dyestuff.csv")
        frame.response[3] = .nan
        #expect(throws: MixedModelError.nonFiniteValue(location: "The response 'Yield'")) {
            try LinearMixedModel.fit(frame)
        }
    }

    @Test func aliasedFixedEffectsNameTheColumn() throws {
        let base = try Reference.sleepstudy()
        let days = (0..<base.observationCount).map { base.fixed[$0, 1] }
        let frame = makeFrame(response: base.response, responseName: "Reaction",
                              covariates: [("Days", days), ("DaysTwice", days.map { 2 * $0 })],
                              terms: base.randomTerms)
        #expect(throws: MixedModelError.rankDeficientFixedEffects(column: "DaysTwice")) {
            try LinearMixedModel.fit(frame)
        }
    }

    @Test func aWrongLengthStartIsRejected() throws {
        var options = LinearMixedModelOptions()
        options.startTheta = [1]
        #expect(throws: MixedModelError.thetaLength(expected: 3, actual: 1)) {
            try LinearMixedModel.fit(try Reference.sleepstudy(), options: options)
        }
    }

    @Test func anOversizedDenseBlockIsRejectedBeforeAnyWork() throws {
        // Two crossed factors with 20 002 and 20 001 levels: the second needs a dense block above the limit.
        let n = 40_004
        let first = (0..<n).map { String($0 / 2) }, second = (0..<n).map { String(($0 + 1) / 2 % 20_001) }
        let frame = makeFrame(response: (0..<n).map { Double($0 % 7) }, responseName: "y",
                              terms: [interceptTerm("a", first), interceptTerm("b", second)])
        let error = MixedModelError.denseBlockTooLarge(terms: ["b"], size: 20_001, limit: 20_000)
        #expect(throws: error) { try LinearMixedModel.fit(frame) }
        #expect(error.description.contains("20001×20001"))
    }

    @Test func unusedLevelsAreDroppedAsLme4Does() throws {
        var frame = try Reference.dyestuff("dyestuff.csv")
        var term = frame.randomTerms[0]
        term = RandomTerm(groupingName: term.groupingName, levels: term.levels + ["unused"],
                          levelIndex: term.levelIndex, columnNames: term.columnNames, columns: term.columns)
        frame.randomTerms = [term]
        let fit = try LinearMixedModel.fit(frame)
        #expect(fit.groups == [GroupingFactorSummary(name: "Batch", levelCount: 6)])
        expectClose("Dyestuff REML with an unused level", fit.objective, 319.6542768423, relative: Tolerance.criterion)
    }
}
