import Foundation
import MixedModels
import Tabular
import TrialCore

/// Runs one planned outcome's model on long data through the statistics core, by the same
/// path as `trialkit fit`: the long data's CSV text is read by `DataTable`, the model frame is
/// built with the control arm as reference level, the model is fitted (lme4's model with the
/// optimizer settings of `fit --tolerance strict`, or an MMRM with SAS's convergence rule as
/// `fit --covariance`), and the EMMs `arm | visit` with unadjusted `revpairwise` contrasts give
/// the estimand (emmeans: Lenth 2024; Searle, Speed & Milliken 1980).
public enum OutcomeAnalysis {
    /// The optimizer settings of `trialkit fit --tolerance strict` (its default).
    public static let strictOptimizer: OptimizerSettings = {
        var settings = OptimizerSettings()
        settings.xtolAbs = 1e-12
        settings.ftolAbs = 1e-14
        settings.xtolRel = 1e-12
        settings.ftolRel = 1e-15
        return settings
    }()

    /// The rows and column of `data` the outcome analyses: its score only, at the visits after
    /// baseline that collect its form (only its own visit when the formula does not model the
    /// visit). This is what
    /// `trialkit export long --outcome NAME` writes.
    public static func data(for specification: OutcomeSpecification, from data: LongData) throws -> LongData {
        let score = specification.outcome.score
        guard let index = data.scores.firstIndex(of: score) else { throw AnalysisError.unknownScore(name: score) }
        var result = data
        result.scores = [score]
        let visits = specification.modelsVisits ? Set(specification.visits) : [specification.outcome.visit]
        result.rows = data.rows.compactMap { row in
            if !visits.contains(row.visit) { return nil }
            var copy = row
            copy.values = [row.values[index]]
            copy.baselines = [row.baselines[index]]
            return copy
        }
        result.visits = data.visits.filter { v in result.rows.contains { $0.visit == v } }
        return result
    }

    /// Fits the outcome's model to `data` (long data holding at least the outcome's score; see
    /// `data(for:from:)`) and returns the EMMs by arm at the outcome's visit, each arm against
    /// the control arm, and Cohen's d standardized by the pooled baseline SD.
    /// - Throws: `AnalysisError.model` (the statistics core's message), `.estimandMissing`.
    public static func run(_ specification: OutcomeSpecification, data: LongData) throws -> OutcomeResult {
        let analysed = try Self.data(for: specification, from: data)
        return try result(specification, analysed: analysed, fitted: fit(specification, analysed: analysed))
    }

    /// The fitted model of `analysed` (the outcome's data, `data(for:from:)`).
    static func fit(_ specification: OutcomeSpecification, analysed: LongData) throws -> FittedOutcome {
        do {
            return try FittedOutcome.fit(specification, csv: analysed.csv)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError.model(outcome: specification.outcome.name, detail: "\(error)")
        }
    }

    /// The outcome's estimand from a fitted model (which another outcome with the same score,
    /// formula and covariance may share: only the visit of the estimand differs).
    static func result(_ specification: OutcomeSpecification, analysed: LongData,
                       fitted: FittedOutcome) throws -> OutcomeResult {
        let estimand = try Estimand.extract(specification, means: fitted.means)
        let standardizer = BaselineStandardizer(analysed)
        let used = Set(fitted.usedRows.map { analysed.rows[$0].participantID })
        let arms = Dictionary(analysed.rows.map { ($0.participantID, $0.arm ?? "") }, uniquingKeysWith: { a, _ in a })
        let comparisons = estimand.comparisons.map { comparison -> ArmComparison in
            var copy = comparison
            copy.effectSize = standardizer.map { $0.standardize(comparison.difference) }
            return copy
        }
        return OutcomeResult(
            name: specification.outcome.name, role: specification.outcome.role, score: specification.outcome.score,
            visit: specification.outcome.visit, model: fitted.details, participants: used.count,
            observations: fitted.usedRows.count,
            participantsByArm: specification.arms.map { arm in ArmCount(arm: arm, count: used.filter { arms[$0] == arm }.count) },
            means: estimand.means, comparisons: comparisons, confidenceLevel: specification.confidenceLevel)
    }
}
