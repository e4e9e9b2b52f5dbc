import Foundation
import MixedModels
import Tabular
import TrialCore

/// A fitted outcome model: its EMMs and contrasts, the rows it used and how it was fitted.
struct FittedOutcome {
    var means: MarginalMeansResult
    var usedRows: [Int]
    var details: ModelDetails

    /// Reads `csv` as `trialkit fit` reads a file, builds the frame with the control arm as
    /// reference, fits and computes the EMMs with the plan's df method and confidence level.
    static func fit(_ specification: OutcomeSpecification, csv: String) throws -> FittedOutcome {
        let outcome = specification.outcome
        let table = try DataTable.read(data: Data(csv.utf8), source: "long data of outcome \(outcome.name)")
        let frame = try ModelFrame.build(formula: outcome.formula, table: table,
                                         referenceLevels: [LongLayout.arm: specification.controlArm])
        let criterion: EstimationCriterion = specification.estimation == .ml ? .ml : .reml
        let inference: FixedEffectsInference
        var converged: Bool
        var logLikelihood: Double
        var warnings: [String]
        if let covariance = outcome.covariance {
            let structure = CovarianceStructure(rawValue: covariance.rawValue)!
            let spec = CovarianceSpecification(structure: structure, subject: LongLayout.participant, time: LongLayout.visit,
                                               timeOrder: specification.modelsVisits ? specification.visits : nil)
            let model = try MMRM.fit(frame: frame, table: table, covariance: spec,
                                     options: MMRMOptions(criterion: criterion, tolerance: MMRMOptions.sasTolerance))
            inference = try model.inference(method: specification.dfMethod)
            converged = model.convergence.converged
            logLikelihood = model.logLikelihood
            warnings = model.convergence.warnings
        } else {
            var options = LinearMixedModelOptions(criterion: criterion)
            options.optimizer = OutcomeAnalysis.strictOptimizer
            let model = try LinearMixedModel.fit(frame, options: options)
            inference = try model.inference(method: specification.dfMethod)
            converged = model.summary.converged
            logLikelihood = model.logLikelihood
            warnings = model.summary.warnings
        }
        warnings += inference.warnings
        if !frame.aliasedNames.isEmpty {
            warnings.append("fixed-effect model matrix is rank deficient so dropping " + frame.aliasedNames.joined(separator: ", "))
        }
        guard let design = frame.design else {
            throw AnalysisError.model(outcome: outcome.name, detail: "the model frame has no fixed-effects design")
        }
        let grid = try ReferenceGrid(design: design)
        let means = try inference.marginalMeans(try MarginalMeansSpecification(specification.marginalMeansSpecification),
                                                grid: grid, adjustment: PairwiseAdjustment.none,
                                                level: specification.confidenceLevel)
        let details = ModelDetails(
            formula: outcome.formula, kind: outcome.covariance == nil ? "lmm" : "mmrm",
            covariance: outcome.covariance?.rawValue, estimation: specification.estimation.rawValue,
            degreesOfFreedomMethod: specification.degreesOfFreedom.rawValue, referenceArm: specification.controlArm,
            marginalMeans: specification.marginalMeansSpecification, converged: converged, logLikelihood: logLikelihood,
            warnings: warnings, fitCommand: specification.fitCommand(file: "long.csv"))
        return FittedOutcome(means: means, usedRows: frame.usedRows, details: details)
    }
}
