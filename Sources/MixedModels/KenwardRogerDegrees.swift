import LinearAlgebra

extension KenwardRoger {
    /// The Kenward–Roger denominator degrees of freedom for H₀: Lβ = 0 (L has q rows), as
    /// pbkrtest's `Lb_ddf(L, V0 = Φ, Vadj = Φ_A)` (Kenward & Roger 1997 §4; Halekoh & Højsgaard
    /// 2014 §3):
    ///
    ///     Θ = Lᵀ(LΦLᵀ)⁻¹L,  u_r = ΘΦP_rΦ,
    ///     A₁ = Σ_rs W_rs tr(u_r) tr(u_s),  A₂ = Σ_rs W_rs tr(u_r u_s),
    ///     B = (A₁ + 6A₂)/(2q),  g = ((q + 1)A₁ − (q + 4)A₂) / ((q + 2)A₂),
    ///     c₁ = g/(3q + 2(1 − g)),  c₂ = (q − g)/(3q + 2(1 − g)),  c₃ = (q + 2 − g)/(3q + 2(1 − g)),
    ///     ρ = (1/q) · ((1 − A₂/q)/(1 − c₂B))² · (1 + c₁B)/(1 − c₃B),
    ///     ν = 4 + (q + 2)/(qρ − 1).
    func degreesOfFreedom(_ l: Matrix) throws -> Double {
        try degreesOfFreedomAndA2(l).df
    }

    /// ν and A₂ (the F statistic's scaling needs A₂).
    func degreesOfFreedomAndA2(_ l: Matrix) throws -> (df: Double, a2: Double) {
        let q = l.rows
        let lPhi = try Matrix.product(l, .none, vcov, .none)
        let middle = try Matrix.product(lPhi, .none, l, .transposed)
        let inverse: Matrix
        do {
            inverse = try Cholesky(middle).inverse()
        } catch {
            throw InferenceError.degenerateContrast
        }
        let theta = try Matrix.product(l, .transposed, try inverse * l, .none)
        let thetaPhi = try theta * vcov
        let u = try p.map { try thetaPhi * $0 * vcov }
        let traces = u.map { m in (0..<m.rows).reduce(0) { $0 + m[$1, $1] } }
        var a1 = 0.0, a2 = 0.0
        for r in u.indices {
            for s in r..<u.count {
                let e = r == s ? 1.0 : 2.0
                a1 += e * w[r, s] * traces[r] * traces[s]
                a2 += e * w[r, s] * SatterthwaiteDerivatives.traceProduct(u[r], u[s])
            }
        }
        let qd = Double(q)
        let b = (a1 + 6 * a2) / (2 * qd)
        let g = ((qd + 1) * a1 - (qd + 4) * a2) / ((qd + 2) * a2)
        let denominator = 3 * qd + 2 * (1 - g)
        let c1 = g / denominator, c2 = (qd - g) / denominator, c3 = (qd + 2 - g) / denominator
        var v0 = 1 + c1 * b
        let v1 = 1 - c2 * b, v2 = 1 - c3 * b
        if abs(v0) < 1e-10 { v0 = 0 }
        let ratio = Self.divideOrOne(1 - a2 / qd, v1)
        let rho = ratio * ratio * v0 / (qd * v2)
        return (4 + (qd + 2) / (qd * rho - 1), a2)
    }

    /// pbkrtest `.divZero`: 1 when both |x| and |y| are below 10⁻¹⁴, else x/y.
    static func divideOrOne(_ x: Double, _ y: Double, tolerance: Double = 1e-14) -> Double {
        abs(x) < tolerance && abs(y) < tolerance ? 1 : x / y
    }
}
