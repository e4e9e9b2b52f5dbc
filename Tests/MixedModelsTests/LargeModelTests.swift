import Foundation
import Testing
import LinearAlgebra
@testable import MixedModels

/// SplitMix64 (Steele, Lea & Flood 2014) with Box–Muller normals: a fixed-seed generator so the
/// simulated data are the same on every run and toolchain.
struct SplitMix64 {
    private var state: UInt64
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform on (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992 }

    mutating func normal() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let radius = (-2 * log(uniform())).squareRoot(), angle = 2 * Double.pi * uniform()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }
}

@Suite struct LargeModelTests {
    /// 200 000 participants × 2 visits, y = 10 + 2·visit + b_i + ε, b_i ~ N(0, 2²), ε ~ N(0, 1).
    /// A dense n × n matrix would need 400 000² doubles (1.28 TB): completing at all shows the
    /// engine never forms one.
    @Test func twoHundredThousandParticipantsWithARandomIntercept() throws {
        let participants = 200_000, visits = 2
        let (intercept, slope, participantSD, residualSD) = (10.0, 2.0, 2.0, 1.0)
        var generator = SplitMix64(seed: 20_240_601)
        let n = participants * visits
        var y = [Double](repeating: 0, count: n)
        var visit = [Double](repeating: 0, count: n)
        var level = [Int32](repeating: 0, count: n)
        for i in 0..<participants {
            let b = participantSD * generator.normal()
            for v in 0..<visits {
                let row = i * visits + v
                visit[row] = Double(v)
                level[row] = Int32(i)
                y[row] = intercept + slope * Double(v) + b + residualSD * generator.normal()
            }
        }
        let z = Matrix(rows: n, columns: 1, repeating: 1)
        let term = RandomTerm(groupingName: "participant", levels: (0..<participants).map(String.init),
                              levelIndex: level, columnNames: ["(Intercept)"], columns: z)
        let frame = makeFrame(response: y, responseName: "y", covariates: [("visit", visit)], terms: [term])
        let fit = try LinearMixedModel.fit(frame)

        // Sampling error only: estimates within 5 standard errors of the truth; the variance
        // parameters' SEs are ≈ σ/√(2·200 000) ≈ 0.0016 and ≈ 0.005, so 0.01 and 0.03.
        let standardErrorMultiple = 5.0, residualSDTolerance = 0.01, participantSDTolerance = 0.03
        for (j, truth) in [intercept, slope].enumerated() {
            print("200k β[\(j)]: observed \(fit.fixedEffects[j]) truth \(truth) SE \(fit.standardErrors[j])")
            #expect(abs(fit.fixedEffects[j] - truth) < standardErrorMultiple * fit.standardErrors[j])
        }
        // SE(slope) = σ √(2/200 000) for a balanced within-participant contrast.
        expectClose("200k SE(visit)", fit.standardErrors[1], fit.sigma * (2.0 / Double(participants)).squareRoot(),
                    relative: 1e-6)
        let sd = fit.varianceComponents[0].standardDeviations[0]
        print("200k σ: observed \(fit.sigma) truth \(residualSD); SD(participant): observed \(sd) truth \(participantSD)")
        #expect(abs(fit.sigma - residualSD) < residualSDTolerance)
        #expect(abs(sd - participantSD) < participantSDTolerance)
        #expect(fit.summary.converged && !fit.summary.singular)
        #expect(fit.groups == [GroupingFactorSummary(name: "participant", levelCount: participants)])
        print("200k: \(fit.summary.evaluations) deviance evaluations, \(fit.summary.status)")
    }
}
