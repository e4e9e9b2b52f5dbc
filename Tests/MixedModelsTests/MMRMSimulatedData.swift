import Foundation
import LinearAlgebra
import Tabular
@testable import MixedModels

/// SplitMix64 (Steele, Lea & Flood 2014) with Box–Muller normals: reproducible simulated data.
struct SeededGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

/// A small simulated trial with therapists: `subjects` participants, `visits` visits, arm
/// control/treated, therapist T01…T`therapists` (treated participants only when
/// `partiallyNested`, control participants "none"), numeric indicator `treated`, UN-correlated
/// residuals plus a therapist effect, some outcomes missing.
func simulatedTherapyTable(seed: UInt64, subjects: Int = 40, visits: Int = 3, therapists: Int = 6,
                           partiallyNested: Bool = false, missing: Double = 0.15) -> DataTable {
    var rng = SeededGenerator(state: seed)
    var id: [String?] = [], visit: [String?] = [], arm: [String?] = [], therapist: [String?] = []
    var treated: [Double?] = [], y: [Double?] = [], age: [Double?] = []
    let effects = (0..<therapists).map { _ in 2 * rng.normal() }
    for s in 0..<subjects {
        let isTreated = s % 2 == 1
        let t = s % therapists
        let subjectEffect = 4 * rng.normal()
        let subjectAge = 20 + 40 * rng.uniform()
        var previous = 0.0
        for v in 0..<visits {
            id.append(String(format: "S%03d", s + 1))
            visit.append("V\(v + 1)")
            arm.append(isTreated ? "treated" : "control")
            let linked = !partiallyNested || isTreated
            therapist.append(linked ? String(format: "T%02d", t + 1) : "none")
            treated.append(isTreated ? 1 : 0)
            age.append(subjectAge)
            previous = 0.6 * previous + 3 * rng.normal()
            let value = 20 + Double(v) + (isTreated ? 1.5 * Double(v) : 0) + 0.05 * subjectAge + subjectEffect
                + (linked ? effects[t] : 0) + previous
            y.append(v > 0 && rng.uniform() < missing ? nil : value)
        }
    }
    let names = ["id", "visit", "arm", "therapist", "treated", "age", "y"]
    return DataTable(source: "simulated(\(seed))", columnNames: names,
                     columns: ["id": .text(id), "visit": .text(visit), "arm": .text(arm), "therapist": .text(therapist),
                               "treated": .numeric(treated), "age": .numeric(age), "y": .numeric(y)],
                     lineNumbers: Array(2..<(id.count + 2)))
}

/// −2 log L computed densely from the full N × N marginal covariance (test oracle only):
/// V = Z G Zᵀ + blockdiag(S_i Σ_g S_iᵀ), −2 l_R = (N − p) log 2π + log|V| + log|XᵀV⁻¹X| + rᵀV⁻¹r.
func denseCriterion(fit: MMRM, frame: ModelFrame, table: DataTable, spec: CovarianceSpecification,
                    phi: [Double]) throws -> Double {
    let measures = try RepeatedMeasures(frame: frame, table: table, specification: spec)
    let parametrization = fit.likelihood.parametrization
    let residual = parametrization.residual, random = parametrization.random
    let n = frame.observationCount, p = frame.fixed.columns, m = residual.visitCount
    let rPhi = Array(phi[0..<residual.parameterCount]), gPhi = Array(phi[residual.parameterCount...])
    var v = Matrix(rows: n, columns: n)
    for subject in measures.subjects {
        let sigma = residual.matrix(group: subject.group, rPhi)
        for (a, ra) in subject.rows.enumerated() {
            for (b, rb) in subject.rows.enumerated() { v[ra, rb] = sigma[subject.visits[a] + subject.visits[b] * m] }
        }
    }
    for (t, term) in frame.randomTerms.enumerated() {
        let g = random.matrix(term: t, gPhi), k = term.columnCount
        for r1 in 0..<n {
            for r2 in 0..<n where term.levelIndex[r1] == term.levelIndex[r2] {
                var s = 0.0
                for i in 0..<k { for j in 0..<k { s += term.columns[r1, i] * g[i + j * k] * term.columns[r2, j] } }
                v[r1, r2] += s
            }
        }
    }
    let factor = try Cholesky(v)
    let vinvX = try factor.solve(frame.fixed)
    let xtvx = try Matrix.product(frame.fixed, .transposed, vinvX, .none)
    let xFactor = try Cholesky(xtvx)
    let vinvY = try factor.solve(frame.response)
    let xtvy = try Matrix.product(frame.fixed, .transposed, Matrix(rows: n, columns: 1, columnMajor: vinvY), .none)
    let beta = try xFactor.solve(xtvy.storage)
    var r = frame.response
    for i in 0..<n { for j in 0..<p { r[i] -= frame.fixed[i, j] * beta[j] } }
    let vinvR = try factor.solve(r)
    let quadratic = zip(r, vinvR).reduce(0) { $0 + $1.0 * $1.1 }
    let constant = Double(n - (fit.criterion == .reml ? p : 0)) * log(2 * Double.pi)
    return constant + factor.logDeterminant + (fit.criterion == .reml ? xFactor.logDeterminant : 0) + quadratic
}
