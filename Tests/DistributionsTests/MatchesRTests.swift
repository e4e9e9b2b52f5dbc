import Distributions
import Testing

/// Every distribution function equals R's value (fixtures/distributions/values.json) to a relative
/// 1e-12, at points in the body and in both far tails.
@Suite("Distribution functions equal R")
struct MatchesRTests {
    /// Evaluates the Swift counterpart of one R call.
    static func evaluate(_ c: ReferenceValues.Case) throws -> Double {
        let tail: Tail = c.lowerTail ? .lower : .upper
        switch c.function {
        case "pt": return try StudentT(degreesOfFreedom: c.params[0]).cdf(c.x, tail: tail)
        case "qt": return try StudentT(degreesOfFreedom: c.params[0]).quantile(c.x, tail: tail)
        case "pf":
            return try FisherF(numeratorDegreesOfFreedom: c.params[0], denominatorDegreesOfFreedom: c.params[1])
                .cdf(c.x, tail: tail)
        case "qf":
            return try FisherF(numeratorDegreesOfFreedom: c.params[0], denominatorDegreesOfFreedom: c.params[1])
                .quantile(c.x, tail: tail)
        case "pchisq": return try ChiSquared(degreesOfFreedom: c.params[0]).cdf(c.x, tail: tail)
        case "qchisq": return try ChiSquared(degreesOfFreedom: c.params[0]).quantile(c.x, tail: tail)
        case "pnorm": return try Normal(mean: c.params[0], standardDeviation: c.params[1]).cdf(c.x, tail: tail)
        case "qnorm": return try Normal(mean: c.params[0], standardDeviation: c.params[1]).quantile(c.x, tail: tail)
        default: throw UnknownFunction(name: c.function)
        }
    }

    struct UnknownFunction: Error { let name: String }

    /// The brief requires ten points each (both tails) for these; qf and qchisq have five.
    @Test(arguments: [("pt", 10), ("qt", 10), ("pf", 10), ("pchisq", 10), ("pnorm", 10), ("qnorm", 10),
                      ("qf", 5), ("qchisq", 5)])
    func functionMatchesR(function: String, expectedCount: Int) throws {
        let cases = try ReferenceValues.load().cases.filter { $0.function == function }
        #expect(cases.count == expectedCount)
        #expect(cases.contains { !$0.lowerTail }, "every function is checked in the upper tail too")
        for c in cases {
            let actual = try Self.evaluate(c)
            #expect(agreesWithR(actual, c.value), "\(c.testDescription): Swift \(actual), R \(c.value)")
        }
    }

    @Test func farTailsKeepRelativePrecision() throws {
        // Values far below what 1 - P(lower) could represent: they must come from the tail directly.
        let cases = try ReferenceValues.load().cases
        let tiny = cases.filter { $0.value > 0 && $0.value < 1e-15 }
        #expect(tiny.count >= 6)
        for c in tiny {
            #expect(agreesWithR(try Self.evaluate(c), c.value), "\(c.testDescription)")
        }
    }

    @Test func twoSidedTPValueMatchesR() throws {
        for r in try ReferenceValues.load().twoSidedTP {
            let p = try StudentT.twoSidedPValue(t: r.t, degreesOfFreedom: r.df)
            #expect(agreesWithR(p, r.value), "2 * pt(-|\(r.t)|, \(r.df)): Swift \(p), R \(r.value)")
        }
    }

    @Test func intervalCriticalValueMatchesR() throws {
        for r in try ReferenceValues.load().tCIQuantile {
            let q = try StudentT.intervalCriticalValue(confidenceLevel: r.level, degreesOfFreedom: r.df)
            #expect(agreesWithR(q, r.value), "qt(1 - (1 - \(r.level))/2, \(r.df)): Swift \(q), R \(r.value)")
        }
    }

    @Test func infiniteDegreesOfFreedomIsNormal() throws {
        let t = try StudentT(degreesOfFreedom: .infinity)
        for x in [-5.0, -1.96, 0, 0.7, 3] {
            #expect(agreesWithR(try t.cdf(x), try Normal.standard.cdf(x)))
        }
        #expect(agreesWithR(try t.intervalCriticalValue(confidenceLevel: 0.95), 1.959963984540054))
    }

    @Test func quantileInvertsCDF() throws {
        let f = try FisherF(numeratorDegreesOfFreedom: 3, denominatorDegreesOfFreedom: 17.5)
        for p in [1e-9, 0.05, 0.5, 0.95] {
            let x = try f.quantile(p, tail: .upper)
            #expect(Swift.abs(try f.cdf(x, tail: .upper) - p) <= 1e-10 * p)
        }
        #expect(try Normal.standard.quantile(0) == -.infinity)
        #expect(try StudentT(degreesOfFreedom: 4).quantile(1) == .infinity)
    }
}
