import Foundation
import Testing
import LinearAlgebra
@testable import MixedModels

/// lme4's reference fits of a model: criterion, β̂, SE, θ̂, σ̂ and the SDs of each term (lme4 order).
struct Lme4Fit {
    var criterion: Double
    var beta: Double
    var standardError: Double
    var theta: [Double]
    var sigma: Double
    var standardDeviations: [Double]
    var evaluations: Int
}

/// Published criteria: /work/shared/notes/mixed-models.md §4.2 (REML: lme4 docs; ML: MixedModels.jl
/// test/pls.jl). Full-precision values: lme4 1.1-31 computed locally by
/// fixtures/reference/engine-values.R.
enum ClassicReference {
    static let published: [String: (reml: Double, ml: Double)] = [
        "Dyestuff": (319.6542768, 327.32705988112673),
        "Dyestuff2": (161.8282778, 162.87303665382575),
        "Penicillin": (330.860589, 332.1883486700085),
        "Pastes": (246.9907459, 247.9944658624955),
    ]

    static func lme4(_ name: String, _ criterion: EstimationCriterion) -> Lme4Fit {
        switch (name, criterion) {
        case ("Dyestuff", .reml):
            Lme4Fit(criterion: 319.6542768423, beta: 1527.5, standardError: 19.38341217875, theta: [0.8483237832188],
                    sigma: 49.51009996563, standardDeviations: [42.0005953104], evaluations: 17)
        case ("Dyestuff", .ml):
            Lme4Fit(criterion: 327.3270598811, beta: 1527.5, standardError: 17.69455350283, theta: [0.7525806952523],
                    sigma: 49.51009995119, standardDeviations: [37.2603454433], evaluations: 20)
        case ("Dyestuff2", .reml):
            Lme4Fit(criterion: 161.8282778123, beta: 5.6656, standardError: 0.6783880312325, theta: [0],
                    sigma: 3.715684274476, standardDeviations: [0], evaluations: 10)
        case ("Dyestuff2", .ml):
            Lme4Fit(criterion: 162.8730366538, beta: 5.6656, standardError: 0.6669857396443, theta: [0],
                    sigma: 3.653231351375, standardDeviations: [0], evaluations: 10)
        case ("Penicillin", .reml):
            Lme4Fit(criterion: 330.8605889996, beta: 22.97222222221, standardError: 0.8085953614207,
                    theta: [1.539675554152, 3.512518860006], sigma: 0.5499226820705,
                    standardDeviations: [0.846702510258, 1.931613792318], evaluations: 41)
        case ("Penicillin", .ml):
            Lme4Fit(criterion: 332.1883486685, beta: 22.97222222223, standardError: 0.7445962657086,
                    theta: [1.537594280335, 3.219756224356], sigma: 0.5499321395167,
                    standardDeviations: [0.845572512293, 1.770647429182], evaluations: 33)
        case ("Pastes", .reml):
            Lme4Fit(criterion: 246.9907458535, beta: 60.05333333334, standardError: 0.676870215074,
                    theta: [3.526901787732, 1.563461402097], sigma: 0.8234075234468,
                    standardDeviations: [2.904077466476, 1.287365881105], evaluations: 36)
        default:
            Lme4Fit(criterion: 247.9944658629, beta: 60.05333333333, standardError: 0.642135893867,
                    theta: [3.526885871448, 1.329923021135], sigma: 0.8234088395305,
                    standardDeviations: [2.904069002566, 1.095070371498], evaluations: 35)
        }
    }

    static func frame(_ name: String) throws -> ModelFrame {
        switch name {
        case "Dyestuff": try Reference.dyestuff("dyestuff.csv")
        case "Dyestuff2": try Reference.dyestuff("dyestuff2.csv")
        case "Penicillin": try Reference.penicillin()
        default: try Reference.pastes()
        }
    }
}

@Suite struct ClassicDataTests {
    @Test(arguments: ["Dyestuff", "Dyestuff2", "Penicillin", "Pastes"], EstimationCriterion.allCases)
    func matchesLme4(dataset: String, criterion: EstimationCriterion) throws {
        let fit = try LinearMixedModel.fit(try ClassicReference.frame(dataset), options: .init(criterion: criterion))
        let label = "\(dataset) \(criterion.rawValue)"
        let published = try #require(ClassicReference.published[dataset])
        let publishedCriterion = criterion == .reml ? published.reml : published.ml
        expectClose("\(label) criterion (published)", fit.objective, publishedCriterion, relative: Tolerance.criterion)
        let lme4 = ClassicReference.lme4(dataset, criterion)
        expectClose("\(label) criterion (lme4 1.1-31)", fit.objective, lme4.criterion, relative: Tolerance.criterion)
        expectClose("\(label) β", fit.fixedEffects[0], lme4.beta, relative: Tolerance.fixedEffect)
        expectClose("\(label) SE", fit.standardErrors[0], lme4.standardError, relative: Tolerance.secondary)
        expectClose("\(label) σ", fit.sigma, lme4.sigma, relative: Tolerance.secondary)
        for (i, expected) in lme4.theta.enumerated() {
            expectClose("\(label) θ[\(i)]", fit.theta[i], expected, relative: Tolerance.secondary, absoluteFloor: 1)
        }
        for (i, expected) in lme4.standardDeviations.enumerated() {
            expectClose("\(label) SD[\(fit.varianceComponents[i].groupingName)]",
                        fit.varianceComponents[i].standardDeviations[0], expected,
                        relative: Tolerance.secondary, absoluteFloor: 1)
        }
        print("\(label): \(fit.summary.evaluations) evaluations (lme4 1.1-31: \(lme4.evaluations)), \(fit.summary.status)")
        #expect(fit.summary.converged)
    }

    @Test func dyestuff2IsASingularFitOnTheBoundary() throws {
        for criterion in EstimationCriterion.allCases {
            let fit = try LinearMixedModel.fit(try ClassicReference.frame("Dyestuff2"), options: .init(criterion: criterion))
            print("Dyestuff2 \(criterion.rawValue): θ = \(fit.theta[0]) (expected 0), singular = \(fit.summary.singular)")
            #expect(fit.theta == [0])
            #expect(fit.summary.singular)
            #expect(fit.summary.warnings == [LinearMixedModel.singularWarning])
            #expect(fit.varianceComponents[0].variances == [0])
            #expect(fit.varianceComponents[0].correlations[0, 0] == 1)
        }
    }

    @Test func pastesTermsAreReorderedAsLme4Does() throws {
        let fit = try LinearMixedModel.fit(try Reference.pastes())
        #expect(fit.groups.map(\.name) == ["cask:batch", "batch"])
        #expect(fit.groups.map(\.levelCount) == [30, 10])
        #expect(fit.varianceComponents.map(\.groupingName) == ["cask:batch", "batch"])
        #expect(fit.conditionalModes?.map(\.values.rows) == [30, 10])
    }

    @Test func interceptOnlyModelsStartFromLme4MomentEstimates() throws {
        // lme4 1.1-31 mkLmerDevfun start for Penicillin (traced with a wrapping optimizer):
        // θ = √(v_f / v_e) with v_f = var(ave(y, f)), v_e = var(y) − Σ v_f.
        let fit = try LinearMixedModel.fit(try Reference.penicillin())
        for (observed, expected) in zip(fit.summary.thetaStart, [1.7449150221442946, 3.5940134817983642]) {
            expectClose("Penicillin θ start", observed, expected, relative: 1e-14)
        }
        // Vector-valued terms start from the identity template.
        #expect(try LinearMixedModel.fit(try Reference.sleepstudy()).summary.thetaStart == [1, 0, 1])
        // A user-supplied start is used as given.
        var options = LinearMixedModelOptions()
        options.startTheta = [1, 1]
        #expect(try LinearMixedModel.fit(try Reference.penicillin(), options: options).summary.thetaStart == [1, 1])
    }

    @Test(arguments: EstimationCriterion.allCases)
    func aModelWithoutFixedEffectsMatchesLme4(criterion: EstimationCriterion) throws {
        // lme4 1.1-31: lmer(Yield ~ 0 + (1 | Batch), Dyestuff): with p = 0 REML and ML coincide.
        var frame = try Reference.dyestuff("dyestuff.csv")
        frame.fixed = Matrix(rows: frame.observationCount, columns: 0)
        frame.fixedNames = []
        let fit = try LinearMixedModel.fit(frame, options: .init(criterion: criterion))
        expectClose("Yield ~ 0 + (1 | Batch) \(criterion.rawValue)", fit.objective, 370.0789016785, relative: Tolerance.criterion)
        expectClose("θ", fit.theta[0], 30.86146825999, relative: Tolerance.secondary)
        expectClose("σ", fit.sigma, 49.51009997717, relative: Tolerance.secondary)
        #expect(fit.fixedEffects.isEmpty && fit.vcov.rows == 0 && fit.parameterCount == 2)
    }

    @Test func penicillinPublishedStandardDeviations() throws {
        // lme4 docs, REML: SDs plate 0.8467025, sample 1.9316138, residual 0.5499227, SE 0.8085954.
        let fit = try LinearMixedModel.fit(try Reference.penicillin())
        let rounding = Tolerance.rounded(significantDigits: 7)
        expectClose("plate SD", fit.varianceComponents[0].standardDeviations[0], 0.8467025, relative: rounding)
        expectClose("sample SD", fit.varianceComponents[1].standardDeviations[0], 1.9316138, relative: rounding)
        expectClose("residual SD", fit.sigma, 0.5499227, relative: rounding)
        expectClose("SE", fit.standardErrors[0], 0.8085954, relative: rounding)
        expectClose("β", fit.fixedEffects[0], 22.972222, relative: rounding)
    }
}
