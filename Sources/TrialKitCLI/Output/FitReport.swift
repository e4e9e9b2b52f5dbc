import Foundation
import MixedModels
import Tabular

/// What `trialkit fit` was asked to do, already parsed from the command line.
struct FitRequest {
    var dataPath: String
    var formula: String
    var criterion: EstimationCriterion = .reml
    var dfMethod: DegreesOfFreedomMethod = .satterthwaite
    /// Factor → reference (first) level.
    var referenceLevels: [String: String] = [:]
    /// An emmeans spec such as `arm | visit`, or nil for none.
    var marginalMeans: String?
    var adjustment: PairwiseAdjustment = .tukey
    /// Confidence level of the EMM and contrast intervals.
    var level: Double = 0.95
    var tolerance: OptimizerTolerance = .strict
}

/// How tightly BOBYQA must converge.
///
/// lme4's `lmerControl()` defaults (xtol_abs = ftol_abs = 1e-8, xtol_rel = 1e-4) leave θ
/// uncertain in about the 5th digit, so variance components differ from the true optimum by
/// ~1e-5 relative and from run to run of different software. `strict` asks for the optimum
/// itself (xtol_abs = 1e-12, ftol_abs = 1e-14, xtol_rel = 1e-12, ftol_rel = 1e-15, the settings
/// of the R reference fixtures), at the cost of more deviance evaluations.
enum OptimizerTolerance: String, CaseIterable {
    case strict
    case lme4

    var settings: OptimizerSettings {
        var settings = OptimizerSettings()
        if self == .strict {
            settings.xtolAbs = 1e-12
            settings.ftolAbs = 1e-14
            settings.xtolRel = 1e-12
            settings.ftolRel = 1e-15
        }
        return settings
    }
}

/// Everything `trialkit fit` prints, computed before anything is printed (so a failure
/// anywhere writes nothing to stdout). The text and JSON renderings live in extensions.
struct FitReport {
    /// Seconds spent in each stage of the command.
    struct Timings {
        var read = 0.0, frame = 0.0, fit = 0.0, inference = 0.0, marginalMeans = 0.0
    }

    let request: FitRequest
    let model: LinearMixedModel
    let coefficients: [CoefficientRow]
    /// lmerTest-style diagnostics of the df computation.
    let inferenceWarnings: [String]
    let marginalMeans: MarginalMeansResult?
    /// Factors of the fixed part averaged over in the EMMs (emmeans' "Results are averaged over").
    let averagedFactors: [String]
    /// Min, 1st quartile, median, 3rd quartile, max of the scaled conditional residuals.
    let residualQuantiles: [Double]
    /// The distinct grouping factors and their levels (lme4 `ngrps`): `(Days || Subject)` makes
    /// terms `Subject` and `Subject.1` on one factor, which is listed once.
    let groupingFactors: [GroupingFactorSummary]
    let sourceRowCount: Int
    let droppedRowCount: Int
    let aliasedColumns: [String]
    let timings: Timings

    /// Reads the table, builds the model frame, fits, and computes the requested inference.
    /// - Throws: `TableError`, `ModelFrameError`, `MixedModelError` or `InferenceError`, each
    ///   naming the file, column, term or option at fault.
    static func make(_ request: FitRequest) throws -> FitReport {
        var timings = Timings()
        let table = try measure(&timings.read) { try DataTable.read(path: request.dataPath) }
        let frame = try measure(&timings.frame) {
            try ModelFrame.build(formula: request.formula, table: table, referenceLevels: request.referenceLevels)
        }
        var options = LinearMixedModelOptions(criterion: request.criterion)
        options.optimizer = request.tolerance.settings
        let model = try measure(&timings.fit) { try LinearMixedModel.fit(frame, options: options) }
        let inference = try measure(&timings.inference) { try model.inference(method: request.dfMethod) }
        let coefficients = try measure(&timings.inference) { try inference.coefficients() }

        var means: MarginalMeansResult?
        var averaged: [String] = []
        if let text = request.marginalMeans {
            let specification = try MarginalMeansSpecification(text)
            guard let design = frame.design else {
                throw InferenceError.numerical(step: "building the reference grid", detail: "the model frame has no design")
            }
            let grid = try ReferenceGrid(design: design)
            means = try measure(&timings.marginalMeans) {
                try inference.marginalMeans(specification, grid: grid, adjustment: request.adjustment,
                                            level: request.level)
            }
            averaged = grid.factors.map(\.name).filter {
                !specification.factors.contains($0) && !specification.by.contains($0)
            }
        }
        return FitReport(
            request: request, model: model, coefficients: coefficients, inferenceWarnings: inference.warnings,
            marginalMeans: means, averagedFactors: averaged,
            residualQuantiles: ScaledResiduals.quantiles(frame: frame, model: model),
            groupingFactors: distinctGroupingFactors(model.groups, terms: frame.randomTerms),
            sourceRowCount: table.rowCount, droppedRowCount: frame.droppedRowCount,
            aliasedColumns: frame.aliasedNames, timings: timings)
    }

    /// The model's groups without repeats of a factor already listed (same levels, same rows).
    private static func distinctGroupingFactors(_ groups: [GroupingFactorSummary],
                                                terms: [RandomTerm]) -> [GroupingFactorSummary] {
        var kept: [(group: GroupingFactorSummary, term: RandomTerm?)] = []
        for group in groups {
            let term = terms.first { $0.groupingName == group.name }
            let repeated = kept.contains { other in
                guard let a = term, let b = other.term else { return false }
                return a.levels == b.levels && a.levelIndex == b.levelIndex
            }
            if !repeated { kept.append((group, term)) }
        }
        return kept.map(\.group)
    }

    /// Runs `body`, adding its wall-clock seconds to `seconds`.
    private static func measure<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = clock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return try body()
    }
}
