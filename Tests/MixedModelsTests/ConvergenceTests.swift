import Foundation
import Testing
import LinearAlgebra
@testable import MixedModels

/// lme4's optimizer bookkeeping and convergence checks. Expected values: lme4 1.1-31 computed
/// locally (`m@optinfo$derivs`, `m@optinfo$conv`, warnings) for `Reaction ~ Days + (Days | Subject)`.
@Suite struct ConvergenceTests {
    @Test func derivativesAtTheOptimumMatchLme4() throws {
        let fit = try LinearMixedModel.fit(try Reference.sleepstudy())
        let gradient = try #require(fit.summary.gradient), hessian = try #require(fit.summary.hessian)
        let lme4Gradient = [0.0003239199486, 0.0002987292191, 0.0001525700100]
        let lme4Hessian = [[37.24053955, 27.55304718, -12.7510910], [27.55304718, 415.68572998, 154.9494705],
                           [-12.75109100, 154.94947052, 790.0369568]]
        // Central differences with δ = 1e-4: two engines' criteria differ by ~1e-13 relative
        // (≈ 2e-10 absolute), which becomes ~2e-6 in the gradient and ~2e-2 in the Hessian.
        let gradientTolerance = 1e-5, hessianTolerance = 2e-2
        for j in 0..<3 {
            print("gradient[\(j)]: observed \(gradient[j]) expected \(lme4Gradient[j])")
            #expect(abs(gradient[j] - lme4Gradient[j]) < gradientTolerance)
            for i in 0..<3 {
                print("Hessian[\(i),\(j)]: observed \(hessian[i, j]) expected \(lme4Hessian[i][j])")
                #expect(abs(hessian[i, j] - lme4Hessian[i][j]) < hessianTolerance)
            }
        }
        #expect(fit.summary.warnings.isEmpty && fit.summary.converged && !fit.summary.restartedFromBoundary)
    }

    @Test func hittingTheEvaluationLimitGivesLme4sWarnings() throws {
        var options = LinearMixedModelOptions()
        options.optimizer.maxEvaluations = 10
        let fit = try LinearMixedModel.fit(try Reference.sleepstudy(), options: options)
        // lme4 with control = lmerControl(optCtrl = list(maxeval = 10)): θ = (1, 0, 0.25),
        // REML criterion 1743.76678510911.
        #expect(fit.theta == [1, 0, 0.25])
        expectClose("REML criterion after 10 evaluations", fit.objective, 1743.76678510911, relative: Tolerance.criterion)
        print("warnings: \(fit.summary.warnings)")
        // lme4: "Model failed to converge with max|grad| = 0.460266 (tol = 0.002, component 1)". lme4
        // always prints component 1 (it takes which.max of the maximum); we name the real component.
        #expect(fit.summary.warnings.count == 2)
        #expect(fit.summary.warnings.first == "convergence code 5 from nloptwrap: NLOPT_MAXEVAL_REACHED: "
            + "Optimization stopped because maxeval (above) was reached.")
        let gradientWarning = fit.summary.warnings.last ?? ""
        #expect(gradientWarning.hasPrefix("Model failed to converge with max|grad| = 0.46026"))
        #expect(gradientWarning.hasSuffix("(tol = 0.002, component 3)"))
        #expect(!fit.summary.converged)
        #expect(fit.summary.evaluations == 10 && fit.summary.statusCode == 5)
    }

    @Test func singularFitsSkipTheDerivativeChecks() throws {
        let fit = try LinearMixedModel.fit(try Reference.dyestuff("dyestuff2.csv"))
        #expect(fit.summary.warnings == [LinearMixedModel.singularWarning])
        #expect(fit.summary.converged)
    }

    @Test func hessianChecksFollowLme4() {
        // A negative eigenvalue, a zero eigenvalue, and a huge one (lme4 checkHess, tol 1e-6).
        let negative = ConvergenceCheck.hessianMessages(Matrix(rows: 2, columns: 2, columnMajor: [1, 0, 0, -1]))
        #expect(negative.failed && negative.messages == ["Model failed to converge: degenerate  Hessian with 1 negative eigenvalues"])
        let zero = ConvergenceCheck.hessianMessages(Matrix(rows: 2, columns: 2, columnMajor: [1, 0, 0, 0]))
        #expect(zero.failed && zero.messages == [" Hessian is numerically singular: parameters are not uniquely determined"])
        let large = ConvergenceCheck.hessianMessages(Matrix(rows: 2, columns: 2, columnMajor: [2e6, 0, 0, 1]))
        #expect(!large.failed && large.messages == [
            "Model is nearly unidentifiable: very large eigenvalue\n - Rescale variables?",
            "Model is nearly unidentifiable: large eigenvalue ratio\n - Rescale variables?",
        ])
        #expect(ConvergenceCheck.hessianMessages(.identity(3)).messages.isEmpty)
    }
}

/// lme4 `optimizeLmer`'s boundary handling on synthetic criteria.
@Suite struct BoundaryHandlingTests {
    @Test func aFitStuckOnTheBoundaryIsRestartedWhenTheSlopeIsNegative() throws {
        // Constant 1 during BOBYQA's first run (it stops at the start, on the bound); from lme4's edge
        // probe at θ = 1e-5 on, (θ − 1)², whose slope at the bound is negative.
        var probed = false
        let result = try LmerOptimization.run(start: [0], lower: [0], settings: .init(), computeDerivatives: false) { x in
            if x[0] == LmerOptimization.edgeStep { probed = true }
            return probed ? (x[0] - 1) * (x[0] - 1) : 1
        }
        print("restart: θ = \(result.theta), restarted = \(result.restarted), \(result.evaluations) evaluations")
        #expect(result.restarted)
        #expect(abs(result.theta[0] - 1) < 1e-6)
    }

    @Test func aThetaWithinTheBoundaryToleranceIsMovedOntoTheBoundWhenThatIsBetter() throws {
        // Minimum at 3e-6 (inside lme4's boundary.tol of 1e-5) but the bound itself is lower still.
        let result = try LmerOptimization.run(start: [1], lower: [0], settings: .init(), computeDerivatives: false) { x in
            x[0] == 0 ? -1 : (x[0] - 3e-6) * (x[0] - 3e-6)
        }
        print("check.boundary: θ = \(result.theta), objective \(result.objective)")
        #expect(result.theta == [0] && result.objective == -1)
    }

    @Test func aThetaNearTheBoundIsKeptWhenTheBoundIsWorse() throws {
        let result = try LmerOptimization.run(start: [1], lower: [0], settings: .init(), computeDerivatives: false) { x in
            (x[0] - 3e-6) * (x[0] - 3e-6)
        }
        #expect(result.theta[0] > 0 && !result.restarted)
    }
}
