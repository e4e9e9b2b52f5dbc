import Distributions
import LinearAlgebra

/// A Wald F test of H₀: Lβ = 0 with an approximate denominator df.
public struct FTest: Sendable, Equatable {
    /// q, the rank of L (numerator df).
    public let numeratorDegreesOfFreedom: Int
    public let denominatorDegreesOfFreedom: Double
    public let fStatistic: Double
    /// P(F_{q, ν} > F).
    public let pValue: Double
}

extension FixedEffectsInference {
    /// The F test of Lβ = 0 (L: r × p) as lmerTest 3.1 `contestMD` reports it:
    ///
    /// - Satterthwaite (Kuznetsova et al. 2017 §3.2): LΦLᵀ = P diag(d) Pᵀ, q = #{d > √ε d₁};
    ///   F = Σ_{m≤q} (P_mᵀLβ̂)²/d_m / q; ν_m = the 1-df Satterthwaite df of P_mᵀL; with
    ///   E = Σ ν_m/(ν_m − 2), ν = 2E/(E − q) (2 if some ν_m ≤ 2; the mean if all ν_m agree).
    /// - Kenward–Roger (pbkrtest `.KR_adjust`, via `KRmodcomp`): F = λ · β̂ᵀLᵀ(LΦ_ALᵀ)⁻¹Lβ̂ / q,
    ///   ν = `KenwardRoger.degreesOfFreedom(L)`, λ = ν(1 − A₂/q)/(ν − 2) (1 when |ν − 2| < 0.01).
    /// - Residual: F = β̂ᵀLᵀ(LΦLᵀ)⁻¹Lβ̂ / q, ν = n − p.
    public func test(_ l: Matrix) throws -> FTest {
        guard l.columns == estimates.count else {
            throw InferenceError.contrastLength(expected: estimates.count, actual: l.columns)
        }
        let lBeta = (0..<l.rows).map { i in (0..<l.columns).reduce(0) { $0 + l[i, $1] * estimates[$1] } }
        switch engine {
        case .satterthwaite(let s): return try satterthwaiteTest(l, lBeta, s)
        case .kenwardRoger(let k):
            let q = l.rows
            let wald = try Self.waldStatistic(l, lBeta, k.adjustedVcov)
            let (df, a2) = try k.degreesOfFreedomAndA2(l)
            let scaling = abs(df - 2) < 0.01 ? 1 : df * (1 - a2 / Double(q)) / (df - 2)
            return try Self.fTest(q: q, df: df, f: scaling * wald / Double(q))
        case .residual(let nu):
            return try Self.fTest(q: l.rows, df: nu, f: try Self.waldStatistic(l, lBeta, covariance) / Double(l.rows))
        }
    }

    private func satterthwaiteTest(_ l: Matrix, _ lBeta: [Double], _ s: Satterthwaite) throws -> FTest {
        let vl = try Matrix.product(try l * covariance, .none, l, .transposed)
        let eigen = try SymmetricEigen(vl)
        // R's eigen() is in decreasing order.
        let order = eigen.values.indices.sorted { eigen.values[$0] > eigen.values[$1] }
        let largest = eigen.values[order[0]]
        let tol = max(Double.ulpOfOne.squareRoot() * largest, 0)
        let kept = order.filter { eigen.values[$0] > tol }
        guard !kept.isEmpty else { throw InferenceError.degenerateContrast }
        var f = 0.0
        var nu: [Double] = []
        for m in kept {
            let direction = (0..<l.columns).map { j in (0..<l.rows).reduce(0) { $0 + eigen.vectors[$1, m] * l[$1, j] } }
            let projected = (0..<l.rows).reduce(0) { $0 + eigen.vectors[$1, m] * lBeta[$1] }
            f += projected * projected / eigen.values[m]
            nu.append(s.degreesOfFreedom(direction))
        }
        let q = kept.count
        return try Self.fTest(q: q, df: Self.combinedDegrees(nu), f: f / Double(q))
    }

    /// lmerTest `get_Fstat_ddf`.
    static func combinedDegrees(_ nu: [Double], tolerance: Double = 1e-8) -> Double {
        if nu.count == 1 { return nu[0] }
        if zip(nu, nu.dropFirst()).allSatisfy({ abs($1 - $0) < tolerance }) { return nu.reduce(0, +) / Double(nu.count) }
        if nu.contains(where: { $0 <= 2 }) { return 2 }
        let e = nu.reduce(0) { $0 + $1 / ($1 - 2) }
        return 2 * e / (e - Double(nu.count))
    }

    /// (Lβ̂)ᵀ(LVLᵀ)⁻¹(Lβ̂).
    static func waldStatistic(_ l: Matrix, _ lBeta: [Double], _ v: Matrix) throws -> Double {
        let middle = try Matrix.product(try l * v, .none, l, .transposed)
        guard let factor = try? Cholesky(middle) else { throw InferenceError.degenerateContrast }
        let solved = try factor.solve(lBeta)
        return zip(lBeta, solved).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func fTest(q: Int, df: Double, f: Double) throws -> FTest {
        var p = Double.nan
        if df > 0, let distribution = try? FisherF(numeratorDegreesOfFreedom: Double(q), denominatorDegreesOfFreedom: df) {
            p = (try? distribution.cdf(f, tail: .upper)) ?? .nan
        }
        return FTest(numeratorDegreesOfFreedom: q, denominatorDegreesOfFreedom: df, fStatistic: f, pValue: p)
    }
}
