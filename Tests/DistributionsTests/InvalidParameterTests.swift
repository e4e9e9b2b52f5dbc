import Distributions
import Testing

/// Invalid parameters throw a typed `DistributionError` naming the parameter; nothing traps or
/// returns NaN.
@Suite("Invalid parameters throw DistributionError")
struct InvalidParameterTests {
    @Test(arguments: [0.0, -1.0, -.infinity, .nan])
    func tRejectsNonPositiveDegreesOfFreedom(df: Double) {
        #expect(throws: DistributionError.self) { try StudentT(degreesOfFreedom: df) }
        #expect(throws: DistributionError.self) { try StudentT.twoSidedPValue(t: 2, degreesOfFreedom: df) }
    }

    @Test func fRejectsEitherBadDegreesOfFreedom() {
        #expect(throws: DistributionError.self) {
            try FisherF(numeratorDegreesOfFreedom: 0, denominatorDegreesOfFreedom: 10)
        }
        #expect(throws: DistributionError.self) {
            try FisherF(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: -3)
        }
    }

    @Test func chiSquaredRequiresFiniteDegreesOfFreedom() {
        #expect(throws: DistributionError.self) { try ChiSquared(degreesOfFreedom: .infinity) }
        #expect(throws: DistributionError.self) { try ChiSquared(degreesOfFreedom: 0) }
    }

    @Test func normalRequiresPositiveFiniteStandardDeviation() {
        #expect(throws: DistributionError.self) { try Normal(mean: 0, standardDeviation: 0) }
        #expect(throws: DistributionError.self) { try Normal(mean: .nan, standardDeviation: 1) }
        #expect(throws: DistributionError.self) { try Normal(mean: 0, standardDeviation: .infinity) }
    }

    @Test(arguments: [-0.1, 1.0000001, -.infinity, .infinity])
    func quantilesRejectProbabilitiesOutsideUnitInterval(p: Double) throws {
        let t = try StudentT(degreesOfFreedom: 5)
        #expect(throws: DistributionError.probabilityOutOfRange(distribution: "t", value: p)) {
            try t.quantile(p)
        }
        #expect(throws: DistributionError.self) { try Normal.standard.quantile(p, tail: .upper) }
        #expect(throws: DistributionError.self) { try ChiSquared(degreesOfFreedom: 2).quantile(p) }
        #expect(throws: DistributionError.self) {
            try FisherF(numeratorDegreesOfFreedom: 1, denominatorDegreesOfFreedom: 2).quantile(p)
        }
    }

    @Test func notANumberArgumentsThrow() throws {
        #expect(throws: DistributionError.argumentNotANumber(distribution: "t", argument: "the quantile t")) {
            try StudentT(degreesOfFreedom: 5).cdf(.nan)
        }
        #expect(throws: DistributionError.self) { try Normal.standard.quantile(.nan) }
        #expect(throws: DistributionError.self) { try StudentT(degreesOfFreedom: 5).twoSidedPValue(.nan) }
    }

    @Test(arguments: [0.0, 1.0, -0.5, 95.0])
    func confidenceLevelMustBeStrictlyInsideUnitInterval(level: Double) {
        #expect(throws: DistributionError.confidenceLevelOutOfRange(value: level)) {
            try StudentT.intervalCriticalValue(confidenceLevel: level, degreesOfFreedom: 10)
        }
    }

    @Test func messageNamesTheParameterAndValue() {
        do {
            _ = try FisherF(numeratorDegreesOfFreedom: 2, denominatorDegreesOfFreedom: -3)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("denominator degrees of freedom = -3.0"))
            #expect(error.description.contains("F distribution"))
        }
    }
}
