import Foundation
import MixedModels
import Tabular

/// The covariance options of `trialkit fit` (`--covariance`, `--subject`, `--time`, …).
struct MMRMRequest {
    var specification: CovarianceSpecification
    /// SAS's relative Hessian criterion (default) or the strict optimum.
    var convergence: MMRMConvergenceRule = .sas
}

/// How far the covariance parameters are optimised.
enum MMRMConvergenceRule: String, CaseIterable {
    /// SAS PROC MIXED's default (relative Hessian criterion 1e-8): the same iterations and stopping
    /// point as SAS, so estimates agree with SAS's printed digits.
    case sas
    /// To machine precision (1e-14), for comparisons with nlme or mmrm.
    case strict

    var tolerance: Double { self == .sas ? MMRMOptions.sasTolerance : MMRMOptions.strictTolerance }
}

/// Everything `trialkit fit --covariance …` prints (an MMRM / GLS fit with SAS-style output),
/// computed before anything is printed. Renderings: `MMRMReport+JSON`, `MMRMReport+Text`.
struct MMRMReport {
    let request: FitRequest
    let mmrm: MMRMRequest
    let model: MMRM
    let coefficients: [CoefficientRow]
    let inferenceWarnings: [String]
    let typeIII: [TermTest]
    let marginalMeans: MarginalMeansResult?
    let averagedFactors: [String]
    /// Levels of the random-effects grouping factors (SAS "Subject" of the RANDOM statement).
    let groupingFactors: [(name: String, levels: Int)]
    let sourceRowCount: Int
    let droppedRowCount: Int
    let timings: FitReport.Timings

    /// Reads the table, fits the MMRM and computes the requested inference.
    /// - Throws: `TableError`, `ModelFrameError`, `MMRMError` or `InferenceError`, each naming the
    ///   file, column, visit or option at fault.
    static func make(_ request: FitRequest, _ mmrm: MMRMRequest) throws -> MMRMReport {
        var timings = FitReport.Timings()
        let table = try measure(&timings.read) { try DataTable.read(path: request.dataPath) }
        let frame = try measure(&timings.frame) {
            try ModelFrame.build(formula: request.formula, table: table, referenceLevels: request.referenceLevels)
        }
        let options = MMRMOptions(criterion: request.criterion, tolerance: mmrm.convergence.tolerance)
        let model = try measure(&timings.fit) {
            try MMRM.fit(frame: frame, table: table, covariance: mmrm.specification, options: options)
        }
        let inference = try measure(&timings.inference) { try model.inference(method: request.dfMethod) }
        let coefficients = try measure(&timings.inference) { try inference.coefficients() }
        let typeIII = try measure(&timings.inference) { try model.typeIIITests(method: request.dfMethod) }
        var means: MarginalMeansResult?
        var averaged: [String] = []
        if let text = request.marginalMeans {
            let specification = try MarginalMeansSpecification(text)
            guard let design = frame.design else {
                throw InferenceError.numerical(step: "building the reference grid", detail: "the model frame has no design")
            }
            let grid = try ReferenceGrid(design: design)
            means = try measure(&timings.marginalMeans) {
                try inference.marginalMeans(specification, grid: grid, adjustment: request.adjustment, level: request.level)
            }
            averaged = grid.factors.map(\.name).filter {
                !specification.factors.contains($0) && !specification.by.contains($0)
            }
        }
        return MMRMReport(
            request: request, mmrm: mmrm, model: model, coefficients: coefficients,
            inferenceWarnings: inference.warnings, typeIII: typeIII, marginalMeans: means, averagedFactors: averaged,
            groupingFactors: frame.randomTerms.map { ($0.groupingName, $0.levelCount) },
            sourceRowCount: table.rowCount, droppedRowCount: frame.droppedRowCount, timings: timings)
    }

    /// Every message a user should see: convergence, boundary, rank deficiency, df diagnostics.
    var warnings: [String] {
        var result = model.convergence.warnings
        let aliased = model.aliasedNames
        if !aliased.isEmpty {
            result.append("fixed-effect model matrix is rank deficient so dropping \(aliased.count) column"
                + (aliased.count == 1 ? "" : "s") + " / coefficient" + (aliased.count == 1 ? "" : "s")
                + " (" + aliased.joined(separator: ", ") + ")")
        }
        return result + inferenceWarnings
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
