import LinearAlgebra
import MixedModels

/// The `--json` form of `trialkit fit --covariance …`: the core fields of `FitReport.json`
/// (same names where they apply) plus `covariance` and `type3`. Documented in docs/mmrm.md.
extension MMRMReport {
    var json: JSONValue {
        var groups: [String: JSONValue] = [model.covariance.subject: .int(model.subjectCount)]
        for factor in groupingFactors { groups[factor.name] = .int(factor.levels) }
        var fields: [String: JSONValue] = [
            "data": .string(request.dataPath),
            "formula": .string(request.formula),
            "model": .string("mmrm"),
            "response": .string(model.responseName),
            "criterion": .string(model.criterion.rawValue),
            "nobs": .int(model.observationCount),
            "groups": .object(groups),
            "loglik": .number(model.logLikelihood),
            "aic": .number(model.aic),
            "aicc": .number(model.aicc),
            "bic": .number(model.bic),
            "converged": .bool(model.convergence.converged),
            "df_method": .string(request.dfMethod.rawValue),
            "fixed": .array(coefficients.map(Self.coefficientJSON)),
            "random": .array(randomJSON),
            "covariance": covarianceJSON,
            "type3": .array(typeIII.map(Self.typeIIIJSON)),
            "emmeans": .array(marginalMeans?.means.map(Self.meanJSON) ?? []),
            "contrasts": .array(marginalMeans?.contrasts.map(Self.contrastJSON) ?? []),
            "fit": fitJSON,
            "warnings": .strings(warnings),
            "dropped_rows": .int(droppedRowCount),
            "aliased": .strings(model.aliasedNames),
            "timings": .object(["read_seconds": .number(timings.read), "frame_seconds": .number(timings.frame),
                                "fit_seconds": .number(timings.fit), "inference_seconds": .number(timings.inference),
                                "emmeans_seconds": .number(timings.marginalMeans)]),
        ]
        fields[model.criterion == .reml ? "reml_criterion" : "deviance"] = .number(model.minus2LogLikelihood)
        if let means = marginalMeans {
            fields["emmeans_spec"] = .string(means.specification.text)
            fields["emmeans_averaged_over"] = .strings(averagedFactors)
            fields["contrasts_adjustment"] = .string(means.adjustment.rawValue)
            fields["confidence_level"] = .number(means.level)
        }
        return .object(fields)
    }

    /// structure, SAS type, subject, time, visits (matrix order), group, grouping, one matrix per
    /// group level ("all" without a group) and SAS's covariance parameter table.
    private var covarianceJSON: JSONValue {
        let c = model.covariance
        var matrices: [String: JSONValue] = [:]
        for (level, matrix) in zip(c.groups, c.matrices) {
            matrices[c.groupVariable == nil ? "all" : level] = .array((0..<matrix.rows).map { i in
                .numbers((0..<matrix.columns).map { matrix[i, $0] })
            })
        }
        var fields: [String: JSONValue] = [
            "structure": .string(c.structure.rawValue),
            "sas_type": .string(c.structure.sasName),
            "subject": .string(c.subject),
            "time": .string(c.time),
            "visits": .strings(c.visits),
            "grouping": .string(c.grouping.rawValue),
            "matrices": .object(matrices),
            "parameters": .array(c.parameters.map { parameter in
                var row: [String: JSONValue] = ["name": .string(parameter.name), "subject": .string(parameter.subject),
                                                "estimate": .number(parameter.estimate)]
                row["group"] = parameter.group.map(JSONValue.string) ?? .null
                row["se"] = parameter.standardError.map(JSONValue.number) ?? .null
                return .object(row)
            }),
        ]
        fields["group"] = c.groupVariable.map(JSONValue.string) ?? .null
        if c.groupVariable != nil { fields["groups"] = .strings(c.groups) }
        return .object(fields)
    }

    /// G-side variance components, as `FitReport`'s "random".
    private var randomJSON: [JSONValue] {
        model.covariance.randomEffects.flatMap { component in
            zip(component.columnNames, zip(component.variances, component.standardDeviations)).map { name, values in
                JSONValue.object(["group": .string(component.groupingName), "term": .string(name),
                                  "variance": .number(values.0), "sd": .number(values.1)])
            }
        }
    }

    private var fitJSON: JSONValue {
        let c = model.convergence
        return .object([
            "algorithm": .string("SAS Newton-Raphson (MIVQUE0 start) with unconstrained fallback"),
            "convergence_rule": .string(mmrm.convergence.rawValue),
            "tolerance": .number(mmrm.convergence.tolerance),
            "iterations": .int(c.iterations),
            "evaluations": .int(c.evaluations),
            "converged": .bool(c.converged),
            "message": .string(c.message),
            "relative_hessian_criterion": .number(c.relativeHessianCriterion),
            "max_abs_gradient": .number(c.maxAbsoluteGradient),
            "hessian_positive_definite": .bool(c.hessianPositiveDefinite),
            "covariance_positive_definite": .bool(c.covariancePositiveDefinite),
            "smallest_eigenvalues": .numbers(c.smallestEigenvalues),
            "boundary_parameters": .strings(c.boundaryParameters),
            "warnings": .strings(c.warnings),
            "elapsed_seconds": .number(timings.fit),
        ])
    }

    static func typeIIIJSON(_ test: TermTest) -> JSONValue {
        .object(["term": .string(test.term), "numdf": .int(test.numeratorDegreesOfFreedom),
                 "dendf": .number(test.denominatorDegreesOfFreedom), "F": .number(test.fStatistic),
                 "p": .number(test.pValue)])
    }

    static func coefficientJSON(_ row: CoefficientRow) -> JSONValue {
        .object(["term": .string(row.term), "estimate": .number(row.estimate), "se": .number(row.standardError),
                 "df": .number(row.degreesOfFreedom), "t": .number(row.tStatistic), "p": .number(row.pValue)])
    }

    static func levelsJSON(_ levels: [FactorLevel]) -> JSONValue {
        .object(Dictionary(levels.map { ($0.factor, JSONValue.string($0.level)) }, uniquingKeysWith: { a, _ in a }))
    }

    static func meanJSON(_ mean: MarginalMean) -> JSONValue {
        .object(["levels": levelsJSON(mean.levels), "estimate": .number(mean.estimate),
                 "se": .number(mean.standardError), "df": .number(mean.degreesOfFreedom),
                 "lower": .number(mean.lower), "upper": .number(mean.upper)])
    }

    static func contrastJSON(_ contrast: PairwiseContrast) -> JSONValue {
        .object(["contrast": .string(contrast.name), "by": levelsJSON(contrast.by),
                 "estimate": .number(contrast.estimate), "se": .number(contrast.standardError),
                 "df": .number(contrast.degreesOfFreedom), "t": .number(contrast.tStatistic),
                 "p": .number(contrast.pValue), "lower": .number(contrast.lower), "upper": .number(contrast.upper)])
    }
}
