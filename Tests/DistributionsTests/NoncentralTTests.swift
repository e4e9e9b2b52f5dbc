import Testing
@testable import Distributions

/// R 4.x `pt(q, df, ncp)` values, printed with `sprintf("%.17g")` (no fixture file: five numbers).
@Suite struct NoncentralTTests {
    /// pnt is a series evaluation accurate to about 1e-12 relative in R; our call is R's own code.
    static let tolerance = 1e-12

    @Test func matchesR() throws {
        let cases: [(t: Double, df: Double, ncp: Double, tail: Tail, r: Double)] = [
            (1.96, 290, 3.7, .lower, 0.041286610717482498),
            (-1.96, 290, 3.7, .lower, 8.5127889182246008e-09),
            (1.97, 270, 2.9, .upper, 0.82342493249217774),
            (2.0, 10, 1.5, .lower, 0.65915407244202628),
            (0.5, 3.5, -1, .lower, 0.92547202067682055),
        ]
        for c in cases {
            let value = try NoncentralT(degreesOfFreedom: c.df, noncentrality: c.ncp).cdf(c.t, tail: c.tail)
            #expect(abs(value - c.r) <= Self.tolerance * max(1, abs(c.r)), "pt(\(c.t), \(c.df), \(c.ncp))")
        }
    }

    /// R: power.t.test(n = 137, delta = 5.1, sd = 11.9, strict = TRUE)$power = 0.94231917146544331.
    @Test func twoSampleTPowerAsR() throws {
        let n = 137.0, df = 2 * n - 2
        let delta = 5.1 / (11.9 * (2 / n).squareRoot())
        let critical = try StudentT(degreesOfFreedom: df).quantile(0.975)
        let t = try NoncentralT(degreesOfFreedom: df, noncentrality: delta)
        let power = try t.cdf(critical, tail: .upper) + t.cdf(-critical)
        #expect(abs(power - 0.94231917146544331) <= 1e-10)
    }

    @Test func refusesBadParameters() {
        #expect(throws: DistributionError.self) { try NoncentralT(degreesOfFreedom: 0, noncentrality: 1) }
        #expect(throws: DistributionError.self) { try NoncentralT(degreesOfFreedom: 5, noncentrality: .infinity) }
    }
}
