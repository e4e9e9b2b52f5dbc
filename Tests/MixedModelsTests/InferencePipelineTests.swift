import Foundation
import Tabular
import Testing
@testable import MixedModels

/// CSV → formula → model frame → fit → inference, through the formula layer (`ModelFrame.build`
/// and its `FixedEffectsDesign`), against the same lmerTest / pbkrtest / emmeans fixtures.
/// The formula layer orders levels as R's `factor()` does (reference first), which for
/// trial_sim's visit differs from the fixture's schedule order, so rows are matched by name.
@Suite struct InferencePipelineTests {
    static func fitted(_ name: String) throws -> (ModelFixture, ModelFrame, LinearMixedModel) {
        let fixture = try ModelFixture.load(name)
        let table = try DataTable.read(path: ModelFixture.directory.appendingPathComponent(fixture.data).path)
        let frame = try ModelFrame.build(formula: fixture.formula, table: table,
                                         referenceLevels: fixture.ref_levels ?? [:])
        var options = LinearMixedModelOptions(criterion: fixture.REML ? .reml : .ml)
        options.optimizer.xtolAbs = 1e-12
        options.optimizer.ftolAbs = 1e-14
        options.optimizer.xtolRel = 1e-12
        return (fixture, frame, try LinearMixedModel.fit(frame, options: options))
    }

    @Test(arguments: ["trial_sim", "orthodont_reml", "sleepstudy_uncorr", "pastes_reml"])
    func coefficientTables(model: String) throws {
        let (fixture, _, fit) = try Self.fitted(model)
        for method in [DegreesOfFreedomMethod.satterthwaite, .kenwardRoger] {
            let rows = try fit.coefficientTable(method: method)
            #expect(Set(rows.map(\.term)) == Set(fixture.fixed.map(\.term)))
            for row in rows {
                let reference = try #require(fixture.fixed.first { $0.term == row.term })
                let label = "\(model) \(method.rawValue) \(row.term)"
                if method == .satterthwaite {
                    expectClose("\(label) SE", row.standardError, reference.se, relative: InferenceTolerance.standardError)
                    expectClose("\(label) df", row.degreesOfFreedom, try #require(reference.df_satterthwaite),
                                relative: InferenceTolerance.satterthwaiteDF)
                } else {
                    expectClose("\(label) SE", row.standardError, try #require(reference.se_kr),
                                relative: InferenceTolerance.standardError)
                    expectClose("\(label) df", row.degreesOfFreedom, try #require(reference.df_kr),
                                relative: InferenceTolerance.kenwardRogerDF)
                }
            }
        }
    }

    @Test(arguments: [DegreesOfFreedomMethod.satterthwaite, .kenwardRoger])
    func trialMarginalMeans(method: DegreesOfFreedomMethod) throws {
        let (fixture, frame, fit) = try Self.fitted("trial_sim")
        let reference = try #require(fixture.emmeans)
        let set = try #require(method == .satterthwaite ? reference.satterthwaite : reference.kenwardRoger)
        let design = try #require(frame.design)
        let result = try fit.marginalMeans(reference.spec, design: design, method: method, adjustment: .none)
        let dfTolerance = method == .satterthwaite ? InferenceTolerance.satterthwaiteDF : InferenceTolerance.kenwardRogerDF
        #expect(result.means.count == set.emmeans.count)
        for mean in result.means {
            let levels = Dictionary(uniqueKeysWithValues: mean.levels.map { ($0.factor, $0.level) })
            let expected = try #require(set.emmeans.first { $0.levels == levels })
            let label = "pipeline \(method.rawValue) EMM \(levels)"
            expectClose("\(label) estimate", mean.estimate, expected.estimate, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) SE", mean.standardError, expected.se, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) df", mean.degreesOfFreedom, expected.df, relative: dfTolerance)
        }
        for contrast in result.contrasts {
            let by = Dictionary(uniqueKeysWithValues: contrast.by.map { ($0.factor, $0.level) })
            let expected = try #require(set.contrasts.first { $0.by == by && $0.contrast == contrast.name })
            let label = "pipeline \(method.rawValue) \(contrast.name) \(by)"
            expectClose("\(label) estimate", contrast.estimate, expected.estimate, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) SE", contrast.standardError, expected.se, relative: InferenceTolerance.marginalMean)
            expectClose("\(label) df", contrast.degreesOfFreedom, expected.df, relative: dfTolerance)
            expectPValue("\(label) p", contrast.pValue, expected.p)
        }
    }

    /// An interaction with an empty cell drops a column; its cells' means are not estimable, so
    /// the grid is refused with a message naming the dropped column (emmeans would print NA).
    @Test func rankDeficientDesignIsRefusedForMarginalMeans() throws {
        let (_, frame, fit) = try Self.fitted("rankdef_empty_cell")
        let design = try #require(frame.design)
        #expect(throws: InferenceError.rankDeficientGrid(dropped: ["armB:visitv3"])) {
            try fit.marginalMeans("arm | visit", design: design, method: .satterthwaite)
        }
    }

    @Test func specificationErrorsNameTheProblem() throws {
        let (_, frame, fit) = try Self.fitted("trial_sim")
        let design = try #require(frame.design)
        #expect(throws: InferenceError.unknownFactor(name: "age", spec: "age", factors: ["arm", "visit", "municipality"])) {
            try fit.marginalMeans("age", design: design, method: .satterthwaite)
        }
        for bad in ["", "arm | visit | municipality", "arm * arm", "arm |", "log(arm)"] {
            #expect(throws: InferenceError.self) { try fit.marginalMeans(bad, design: design, method: .satterthwaite) }
        }
        #expect(throws: InferenceError.invalidLevel(1.5)) {
            try fit.marginalMeans("arm", design: design, method: .residual, level: 1.5)
        }
    }
}
