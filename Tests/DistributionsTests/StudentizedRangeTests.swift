import Distributions
import Testing

/// `ptukey` / `qtukey` against R 4.2.2 (values printed with `sprintf("%.17g", …)`). R integrates
/// numerically, so the Swift wrapper (the same Rmath code) must agree to rounding, 1e-12.
@Suite struct StudentizedRangeTests {
    static let tolerance = 1e-12

    @Test func cdfMatchesR() throws {
        let cases: [(q: Double, k: Double, df: Double, tail: Tail, r: Double)] = [
            (3.5, 3, 20, .upper, 0.055891849082059353),
            (2, 4, 473.6, .lower, 0.5089577620513579),
            (5.2, 6, 12.5, .upper, 0.027843231918163291),
        ]
        for c in cases {
            let value = try StudentizedRange(means: c.k, degreesOfFreedom: c.df).cdf(c.q, tail: c.tail)
            #expect(abs(value - c.r) <= Self.tolerance * c.r, "ptukey(\(c.q), \(c.k), \(c.df)): \(value) vs R \(c.r)")
        }
    }

    @Test func quantileMatchesR() throws {
        let cases: [(p: Double, k: Double, df: Double, r: Double)] = [
            (0.95, 3, 20, 3.577934581525569), (0.95, 6, 550.78, 4.0443407647500642), (0.99, 2, 10, 4.4820283914678054),
        ]
        for c in cases {
            let value = try StudentizedRange(means: c.k, degreesOfFreedom: c.df).quantile(c.p)
            #expect(abs(value - c.r) <= Self.tolerance * c.r, "qtukey(\(c.p), \(c.k), \(c.df)): \(value) vs R \(c.r)")
        }
    }

    /// With two means, P(Q > √2|t|) is the two-sided t p-value (up to R's integration error).
    @Test func twoMeansReduceToTheTTest() throws {
        let t = 1.6556766076506182, df = 473.6534179878441
        let tukey = try StudentizedRange(means: 2, degreesOfFreedom: df).cdf(2.0.squareRoot() * t, tail: .upper)
        #expect(abs(tukey - 0.098449662020918205) <= Self.tolerance * tukey)
        #expect(abs(tukey - (try StudentT.twoSidedPValue(t: t, degreesOfFreedom: df))) < 1e-9)
    }

    @Test func invalidParametersThrow() {
        #expect(throws: DistributionError.self) { try StudentizedRange(means: 1, degreesOfFreedom: 10) }
        #expect(throws: DistributionError.self) { try StudentizedRange(means: 3, degreesOfFreedom: 0) }
        #expect(throws: DistributionError.self) { try StudentizedRange(means: 3, degreesOfFreedom: 5).quantile(1.5) }
    }
}
