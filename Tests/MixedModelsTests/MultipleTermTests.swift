import Foundation
import Testing
@testable import MixedModels

/// Models whose later terms go through the dense block: two terms on one factor, and a
/// vector-valued second term. Expected values: lme4 1.1-31 computed locally
/// (fixtures/reference/engine-values.R documents the method; published REML 1743.669 and ML
/// 1752.003255140962 for the uncorrelated model are in the notes §4.1).
@Suite struct MultipleTermTests {
    /// `Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)`.
    static func uncorrelatedSleepstudy() throws -> ModelFrame {
        let t = try ReferenceTable("sleepstudy.csv")
        let days = t.numeric("Days"), subject = t.text("Subject")
        return makeFrame(response: t.numeric("Reaction"), responseName: "Reaction", covariates: [("Days", days)],
                         terms: [interceptTerm("Subject", subject), makeTerm("Subject", subject, columns: [("Days", days)])])
    }

    /// `Reaction ~ Days + (Days | Subject) + (Days | grp)` with grp = (subject number mod 6), a
    /// crossed vector-valued second term (6 levels × 2 columns).
    static func vectorSecondTerm() throws -> ModelFrame {
        let t = try ReferenceTable("sleepstudy.csv")
        let days = t.numeric("Days"), subject = t.text("Subject")
        let subjectNumber = Dictionary(uniqueKeysWithValues: Set(subject).sorted().enumerated().map { ($1, $0 + 1) })
        let group = subject.map { String(subjectNumber[$0]! % 6) }
        let ones = Array(repeating: 1.0, count: days.count)
        return makeFrame(response: t.numeric("Reaction"), responseName: "Reaction", covariates: [("Days", days)],
                         terms: [makeTerm("Subject", subject, columns: [("(Intercept)", ones), ("Days", days)]),
                                 makeTerm("grp", group, columns: [("(Intercept)", ones), ("Days", days)])])
    }

    @Test(arguments: EstimationCriterion.allCases)
    func uncorrelatedTermsMatchLme4(criterion: EstimationCriterion) throws {
        let fit = try LinearMixedModel.fit(try Self.uncorrelatedSleepstudy(), options: .init(criterion: criterion))
        let label = "uncorrelated \(criterion.rawValue)"
        let (crit, theta, se, sigma, evaluations) = criterion == .reml
            ? (1743.669293581, [0.9798965279142, 0.234231225347], [6.885380817237, 1.559569098069], 25.56527920157, 34)
            : (1752.003255145, [0.9458237432583, 0.2269266817105], [6.707737453008, 1.519305372012], 25.5561229567, 29)
        expectClose("\(label) criterion", fit.objective, crit, relative: Tolerance.criterion)
        if criterion == .ml {
            expectClose("\(label) criterion (published)", fit.objective, 1752.003255140962, relative: Tolerance.criterion)
        }
        expectClose("\(label) β Days", fit.fixedEffects[1], 10.4672859596, relative: Tolerance.fixedEffect)
        for j in 0..<2 {
            expectClose("\(label) SE[\(j)]", fit.standardErrors[j], se[j], relative: Tolerance.secondary)
            expectClose("\(label) θ[\(j)]", fit.theta[j], theta[j], relative: Tolerance.secondary)
        }
        expectClose("\(label) σ", fit.sigma, sigma, relative: Tolerance.secondary)
        print("\(label): \(fit.summary.evaluations) evaluations (lme4 1.1-31: \(evaluations))")
        #expect(fit.varianceComponents.map(\.columnNames) == [["(Intercept)"], ["Days"]])
    }

    @Test(arguments: EstimationCriterion.allCases)
    func vectorValuedSecondTermMatchesLme4(criterion: EstimationCriterion) throws {
        let fit = try LinearMixedModel.fit(try Self.vectorSecondTerm(), options: .init(criterion: criterion))
        let label = "vector second term \(criterion.rawValue)"
        let crit = criterion == .reml ? 1743.548214782 : 1751.937797665
        expectClose("\(label) criterion", fit.objective, crit, relative: Tolerance.criterion)
        expectClose("\(label) β (Intercept)", fit.fixedEffects[0], 251.4051048485, relative: Tolerance.fixedEffect)
        expectClose("\(label) β Days", fit.fixedEffects[1], 10.4672859596, relative: Tolerance.fixedEffect)
        // The grp covariance is nearly singular and its θ poorly determined (lme4 needed 164 and
        // 184 evaluations, BOBYQA's path diverges on the flat surface): SEs and σ are compared
        // loosely; the deviance itself is compared exactly at fixed θ below.
        let se = criterion == .reml ? [6.945861795091, 1.620643217171] : [6.64662273185, 1.511195501876]
        for j in 0..<2 {
            expectClose("\(label) SE[\(j)]", fit.standardErrors[j], se[j], relative: Tolerance.flatOptimum)
        }
        let sigma = criterion == .reml ? 25.59166082441 : 25.59182240635
        expectClose("\(label) σ", fit.sigma, sigma, relative: Tolerance.flatOptimum)
        print("\(label): θ = \(fit.theta), \(fit.summary.evaluations) evaluations (lme4: \(criterion == .reml ? 164 : 184))")
        #expect(fit.groups.map(\.name) == ["Subject", "grp"])
    }

    /// The deviance function itself at fixed θ (lme4 `devFunOnly = TRUE`, 1.1-31).
    @Test func devianceAtFixedThetaMatchesLme4DevFun() throws {
        let cases: [(EstimationCriterion, [Double], Double)] = [
            (.reml, [1, 0.1, 0.5, 0.3, -0.2, 0.4], 1760.91171221887),
            (.reml, [0, 0, 0, 0, 0, 0], 1893.66366347211),
            (.ml, [1, 0.1, 0.5, 0.3, -0.2, 0.4], 1771.92974428977),
            (.ml, [0, 0, 0, 0, 0, 0], 1900.29305635636),
        ]
        for (criterion, theta, expected) in cases {
            let engine = try ProfiledDeviance(frame: try Self.vectorSecondTerm(), criterion: criterion)
            expectClose("devfun \(criterion.rawValue) θ = \(theta)", try engine.deviance(theta: theta), expected,
                        relative: Tolerance.evaluation)
        }
        // Pastes is given as (1 | batch) + (1 | cask:batch); θ is in lme4 order (cask:batch, batch).
        let pastes = try ProfiledDeviance(frame: try Reference.pastes(), criterion: .reml)
        expectClose("devfun Pastes θ = (0.5, 2)", try pastes.deviance(theta: [0.5, 2]), 297.188282681813,
                    relative: Tolerance.evaluation)
    }
}
