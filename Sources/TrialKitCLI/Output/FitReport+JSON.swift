import LinearAlgebra
import MixedModels

/// The `--json` form of `trialkit fit`: one object, documented in README.md ("Fitting a mixed
/// model"). Names follow the R reference fixtures (fixtures/reference/README.md) where they overlap.
extension FitReport {
    var json: JSONValue {
        var fields: [String: JSONValue] = [
            "data": .string(request.dataPath),
            "formula": .string(request.formula),
            "response": .string(model.responseName),
            "criterion": .string(model.criterion.rawValue),
            "nobs": .int(model.observationCount),
            "groups": .object(Dictionary(groupingFactors.map { ($0.name, JSONValue.int($0.levelCount)) },
                                         uniquingKeysWith: { first, _ in first })),
            "loglik": .number(model.logLikelihood),
            "aic": .number(model.aic),
            "bic": .number(model.bic),
            "converged": .bool(model.summary.converged),
            "singular": .bool(model.summary.singular),
            "df_method": .string(request.dfMethod.rawValue),
            "fixed": .array(coefficients.map(Self.coefficientJSON)),
            "random": .array(randomJSON),
            "correlations": .array(correlationsJSON),
            "residual": .object(["variance": .number(model.residualVariance), "sd": .number(model.sigma)]),
            "theta": .numbers(model.theta),
            "sigma": .number(model.sigma),
            "emmeans": .array(marginalMeans?.means.map(Self.meanJSON) ?? []),
            "contrasts": .array(marginalMeans?.contrasts.map(Self.contrastJSON) ?? []),
            "fit": fitJSON,
            "warnings": .strings(warnings),
            "dropped_rows": .int(droppedRowCount),
            "aliased": .strings(aliasedColumns),
            "timings": timingsJSON,
        ]
        switch model.criterion {
        case .reml: fields["reml_criterion"] = .number(model.objective)
        case .ml: fields["deviance"] = .number(model.objective)
        }
        if let means = marginalMeans {
            fields["emmeans_spec"] = .string(means.specification.text)
            fields["emmeans_averaged_over"] = .strings(averagedFactors)
            fields["contrasts_adjustment"] = .string(means.adjustment.rawValue)
            fields["confidence_level"] = .number(means.level)
        }
        return .object(fields)
    }

    /// Every message a user should see: the fit's (convergence, singularity), rank deficiency
    /// and the df computation's.
    var warnings: [String] {
        var result = model.summary.warnings
        if !aliasedColumns.isEmpty {
            let count = aliasedColumns.count
            result.append("fixed-effect model matrix is rank deficient so dropping \(count) column"
                + (count == 1 ? "" : "s") + " / coefficient" + (count == 1 ? "" : "s")
                + " (" + aliasedColumns.joined(separator: ", ") + ")")
        }
        return result + inferenceWarnings
    }

    private static func coefficientJSON(_ row: CoefficientRow) -> JSONValue {
        .object(["term": .string(row.term), "estimate": .number(row.estimate), "se": .number(row.standardError),
                 "df": .number(row.degreesOfFreedom), "t": .number(row.tStatistic), "p": .number(row.pValue)])
    }

    /// Variances per term and column, in `as.data.frame(VarCorr(m))` order.
    private var randomJSON: [JSONValue] {
        model.varianceComponents.flatMap { component in
            zip(component.columnNames, zip(component.variances, component.standardDeviations)).map { name, values in
                JSONValue.object(["group": .string(component.groupingName), "term": .string(name),
                                  "variance": .number(values.0), "sd": .number(values.1)])
            }
        }
    }

    /// Correlations of each term's columns, pairs (i, j) with i < j, row by row.
    private var correlationsJSON: [JSONValue] {
        model.varianceComponents.flatMap { component -> [JSONValue] in
            let names = component.columnNames, correlations = component.correlations
            return names.indices.flatMap { i in
                (i + 1 ..< names.count).map { j in
                    JSONValue.object(["group": .string(component.groupingName), "term1": .string(names[i]),
                                      "term2": .string(names[j]), "corr": .number(correlations[i, j])])
                }
            }
        }
    }

    private static func levelsJSON(_ levels: [FactorLevel]) -> JSONValue {
        .object(Dictionary(levels.map { ($0.factor, JSONValue.string($0.level)) }, uniquingKeysWith: { a, _ in a }))
    }

    private static func meanJSON(_ mean: MarginalMean) -> JSONValue {
        .object(["levels": levelsJSON(mean.levels), "estimate": .number(mean.estimate),
                 "se": .number(mean.standardError), "df": .number(mean.degreesOfFreedom),
                 "lower": .number(mean.lower), "upper": .number(mean.upper)])
    }

    private static func contrastJSON(_ contrast: PairwiseContrast) -> JSONValue {
        .object(["contrast": .string(contrast.name), "by": levelsJSON(contrast.by),
                 "estimate": .number(contrast.estimate), "se": .number(contrast.standardError),
                 "df": .number(contrast.degreesOfFreedom), "t": .number(contrast.tStatistic),
                 "p": .number(contrast.pValue), "lower": .number(contrast.lower), "upper": .number(contrast.upper)])
    }

    /// The optimizer's `FitSummary`, plus the wall-clock seconds `LinearMixedModel.fit` took.
    private var fitJSON: JSONValue {
        let summary = model.summary
        let settings = summary.settings
        var fields: [String: JSONValue] = [
            "optimizer": .string(summary.optimizer),
            "tolerance": .string(request.tolerance.rawValue),
            "settings": .object(["xtol_abs": .number(settings.xtolAbs), "ftol_abs": .number(settings.ftolAbs),
                                 "xtol_rel": .number(settings.xtolRel), "ftol_rel": .number(settings.ftolRel),
                                 "max_evaluations": .int(settings.maxEvaluations)]),
            "theta_start": .numbers(summary.thetaStart),
            "theta": .numbers(summary.thetaFinal),
            "evaluations": .int(summary.evaluations),
            "objective": .number(summary.objective),
            "status": .string(summary.status),
            "status_code": .int(summary.statusCode),
            "converged": .bool(summary.converged),
            "singular": .bool(summary.singular),
            "restarted_from_boundary": .bool(summary.restartedFromBoundary),
            "warnings": .strings(summary.warnings),
            "elapsed_seconds": .number(timings.fit),
        ]
        if let gradient = summary.gradient { fields["gradient"] = .numbers(gradient) }
        return .object(fields)
    }

    private var timingsJSON: JSONValue {
        .object(["read_seconds": .number(timings.read), "frame_seconds": .number(timings.frame),
                 "fit_seconds": .number(timings.fit), "inference_seconds": .number(timings.inference),
                 "emmeans_seconds": .number(timings.marginalMeans)])
    }
}
