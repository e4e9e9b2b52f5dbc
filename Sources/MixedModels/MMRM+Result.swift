import Foundation
import LinearAlgebra

extension MMRM {
    /// Collects the estimates, SAS's covariance parameter table and the convergence facts.
    init(frame: ModelFrame, measures: RepeatedMeasures, spec: CovarianceSpecification, likelihood: GLSLikelihood,
         outcome: MMRMOptimizer.Outcome) throws(MMRMError) {
        let e = outcome.evaluation, parametrization = likelihood.parametrization
        let residual = parametrization.residual, random = parametrization.random
        let d = parametrization.parameterCount
        let free = (0..<d).filter { !outcome.fixed.contains($0) }
        let gradient: [Double], second: GLSSecondOrder
        if let final = outcome.final {
            (gradient, second) = final
        } else {
            let moments = likelihood.blockMoments(e)
            gradient = likelihood.gradient(e, moments: moments)
            guard let computed = try? likelihood.secondOrder(e, moments: moments) else {
                throw .numerical(step: "forming the Hessian at the estimate")
            }
            second = computed
        }
        var hessian = Matrix(rows: free.count, columns: free.count)
        for (b, k) in free.enumerated() { for (a, h) in free.enumerated() { hessian[a, b] = second.observed[h, k] } }
        let factor = try? Cholesky(hessian)
        let freeGradient = free.map { gradient[$0] }
        var criterion = Double.nan
        var asymptotic: Matrix? = nil
        if let factor, let solved = try? factor.solve(freeGradient), let inverse = try? factor.inverse() {
            criterion = zip(freeGradient, solved).reduce(0) { $0 + $1.0 * $1.1 } / max(abs(e.objective), 1e-300)
            asymptotic = Matrix(rows: free.count, columns: free.count, columnMajor: inverse.storage.map { 2 * $0 })
        }
        let rPhi = Array(e.phi[0..<residual.parameterCount])
        let matrices = (0..<residual.groupCount).map { g in
            Matrix(rows: residual.visitCount, columns: residual.visitCount, columnMajor: residual.matrix(group: g, rPhi))
        }
        let gPhi = Array(e.phi[residual.parameterCount...])
        let components = random.terms.enumerated().map { t, term in
            VarianceComponent(groupingName: term.grouping, columnNames: term.columnNames,
                              covariance: Matrix(rows: term.size, columns: term.size, columnMajor: random.matrix(term: t, gPhi)))
        }
        let eigenvalues = matrices.map { SquareMatrixKernels.smallestEigenvalue($0.storage, $0.rows) }
            + components.map { SquareMatrixKernels.smallestEigenvalue($0.covariance.storage, $0.covariance.rows) }
        let names = residual.parameterNames + random.parameterNames
        let subjects = [String](repeating: spec.subject, count: residual.parameterCount) + random.parameterSubjects
        let groups: [String?] = residual.parameterGroups.map { g in g.flatMap { measures.hasGroups ? measures.groupLevels[$0] : nil } }
            + [String?](repeating: nil, count: random.parameterCount)
        let parameters = (0..<d).map { h in
            let position = free.firstIndex(of: h)
            let se = position.flatMap { p in asymptotic.map { $0[p, p].squareRoot() } }
            return CovarianceParameterEstimate(name: names[h], subject: subjects[h], group: groups[h],
                                               estimate: e.phi[h], standardError: se)
        }
        let boundary = outcome.fixed.sorted().map { "\(names[$0]) (\(subjects[$0]))" }
        var warnings: [String] = []
        if !outcome.converged { warnings.append("The covariance parameters did not converge: \(outcome.message).") }
        if factor == nil { warnings.append("The Hessian of −2 log L is not positive definite at the estimate.") }
        let positiveDefinite = eigenvalues.allSatisfy { $0 > 0 }
        if !positiveDefinite { warnings.append("The estimated covariance matrix is not positive definite.") }
        if !boundary.isEmpty {
            warnings.append("Fixed on the boundary (variance 0): " + boundary.joined(separator: ", ") + ".")
        }
        self.criterion = likelihood.criterion
        self.responseName = frame.responseName
        self.fixedEffectNames = frame.fixedNames
        self.fixedEffects = zip(e.shiftedBeta, likelihood.design.shift).map { $0 + $1 }
        self.vcov = e.vcov
        self.minus2LogLikelihood = e.objective
        self.observationCount = frame.observationCount
        self.subjectCount = measures.subjects.count
        self.subjectsInData = measures.subjectsInTable
        self.blockCount = likelihood.design.blockCount
        self.covariance = EstimatedCovariance(
            structure: spec.structure, grouping: spec.grouping, subject: spec.subject, time: spec.time,
            visits: measures.visitLevels, groupVariable: spec.group, groups: measures.groupLevels,
            matrices: matrices, parameters: parameters, randomEffects: components)
        self.convergence = MMRMConvergence(
            converged: outcome.converged, message: outcome.message, iterations: outcome.iterations,
            evaluations: outcome.evaluations, relativeHessianCriterion: criterion,
            maxAbsoluteGradient: freeGradient.map(abs).max() ?? 0, hessianPositiveDefinite: factor != nil,
            covariancePositiveDefinite: positiveDefinite, smallestEigenvalues: eigenvalues,
            boundaryParameters: boundary, warnings: warnings)
        self.aliasedNames = frame.aliasedNames
        self.design = frame.design
        self.likelihood = likelihood
        self.evaluation = e
        self.secondOrder = second
        self.freeParameters = free
    }
}

extension VarianceComponent {
    /// A term's covariance given directly (G-side of an MMRM).
    init(groupingName: String, columnNames: [String], covariance: Matrix) {
        self.groupingName = groupingName
        self.columnNames = columnNames
        self.covariance = covariance
    }
}
