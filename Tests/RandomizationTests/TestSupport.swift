import Foundation
import Randomization
import TrialCore

/// Shared fixtures, designs and statistical thresholds for the randomization tests.
enum TestSupport {
    /// fixtures/randomization at the package root.
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures/randomization")

    static func arms(_ spec: [(String, Int)]) -> [Arm] {
        spec.map { Arm(code: $0.0, label: $0.0, ratio: $0.1) }
    }

    static let twoArms = arms([("A", 1), ("B", 1)])

    /// Standard normal quantiles (Abramowitz & Stegun 1964, Table 26.5):
    /// z_{0.9995} (two-sided 99.9% interval) and the 4σ bound used where many checks share one seed.
    static let z999TwoSided = 3.290527
    static let zOneSidedAlpha001 = 3.090232

    /// Upper-α critical value of χ²(df) by the Wilson–Hilferty (1931) cube-root normal approximation:
    /// df · (1 − 2/(9 df) + z_{1−α} √(2/(9 df)))³ with z_{0.999} = 3.090232 for α = 0.001.
    static func chiSquareCritical(df: Int, z: Double = zOneSidedAlpha001) -> Double {
        let d = Double(df)
        let c = 2 / (9 * d)
        return d * pow(1 - c + z * c.squareRoot(), 3)
    }

    /// Pearson's χ² = Σ (O − E)² / E.
    static func chiSquare(observed: [Int], expected: [Double]) -> Double {
        zip(observed, expected).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) / $1.1 }
    }

    /// C(n, k).
    static func binomial(_ n: Int, _ k: Int) -> Double {
        (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
    }
}
