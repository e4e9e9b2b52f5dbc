import Foundation
import Testing
@testable import Randomization

/// The generator against published outputs and the independent Python implementation
/// (fixtures/randomization/prng_reference.py → prng-reference.txt).
@Suite struct PRNGReferenceTests {
    /// Rosetta Code, "Pseudo-random numbers/Splitmix64": seed 1234567.
    @Test func splitMix64MatchesPublishedSequence() {
        var generator = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                                  4_593_380_528_125_082_431, 16_408_922_859_458_223_821]
        #expect((0..<5).map { _ in generator.next() } == expected)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }

    /// rand_xoshiro's `reference` test (values from the C reference implementation): state {1, 2, 3, 4}.
    @Test func xoshiroMatchesReferenceImplementation() throws {
        var generator = try #require(Xoshiro256StarStar(state: (1, 2, 3, 4)))
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
                                  607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
                                  10_595_114_339_597_558_777, 2_904_607_092_377_533_576]
        #expect((0..<10).map { _ in generator.next() } == expected)
        #expect(Xoshiro256StarStar(state: (0, 0, 0, 0)) == nil)
    }

    /// Every line of prng-reference.txt, recomputed here.
    @Test func matchesIndependentPythonImplementation() throws {
        let text = try String(contentsOf: TestSupport.fixtures.appendingPathComponent("prng-reference.txt"), encoding: .utf8)
        var checked = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let label = parts[0], values = parts[1].split(separator: " ").map(String.init)
            let words = values.compactMap { UInt64($0) }
            switch label {
            case let l where l.hasPrefix("splitmix64 seed="):
                var g = SplitMix64(seed: try #require(UInt64(l.dropFirst("splitmix64 seed=".count))))
                #expect(words.map { _ in g.next() } == words, "\(label)")
            case "xoshiro256** state=1,2,3,4":
                var g = try #require(Xoshiro256StarStar(state: (1, 2, 3, 4)))
                #expect(words.map { _ in g.next() } == words)
            case "xoshiro256** seed=42":
                var g = Xoshiro256StarStar(seed: 42)
                #expect(words.map { _ in g.next() } == words)
            case let l where l.hasPrefix("bounded seed=42 n="):
                let bound = try #require(UInt64(l.dropFirst("bounded seed=42 n=".count)))
                var g = Xoshiro256StarStar(seed: 42)
                #expect(words.map { _ in g.nextBounded(bound) } == words, "\(label)")
            case "unit seed=9":
                var g = Xoshiro256StarStar(seed: 9)
                let doubles = values.compactMap(Double.init)
                #expect(doubles.count == 5)
                #expect(doubles.map { _ in g.nextUnitDouble() } == doubles)
            case let l where l.hasPrefix("fnv1a64 "):
                let quoted = String(l.dropFirst("fnv1a64 ".count)).replacingOccurrences(of: "\\x1f", with: "\u{1F}")
                let key = String(quoted.dropFirst().dropLast())
                #expect(StreamKey.fnv1a64(key.utf8) == words[0], "\(label)")
            case "stream seed=2024 stratum/site/North":
                var g = StreamKey.stratum([("site", "North")]).generator(seed: 2024)
                #expect(words.map { _ in g.next() } == words)
            default:
                Issue.record("Unknown reference line \"\(label)\"; update the test with prng_reference.py.")
            }
            checked += 1
        }
        #expect(checked == 15)
    }

    /// The rejection step of Lemire's method: for bound 2⁶³ + 1 about half of all draws are
    /// rejected, and every result stays below the bound; bound 1 always gives 0.
    @Test func boundedDrawsStayInRange() {
        var g = Xoshiro256StarStar(seed: 1)
        let bound: UInt64 = (1 << 63) + 1
        for _ in 0..<1000 { #expect(g.nextBounded(bound) < bound) }
        for _ in 0..<100 { #expect(g.nextBounded(1) == 0) }
        for _ in 0..<10000 {
            let u = g.nextUnitDouble()
            #expect(u >= 0 && u < 1)
        }
    }

    /// Uniformity of bounded draws and of Fisher–Yates: χ² goodness of fit at α = 0.001.
    @Test func boundedDrawsAndShufflesAreUniform() {
        var g = Xoshiro256StarStar(seed: 99)
        var counts = [Int](repeating: 0, count: 6)
        let draws = 60_000
        for _ in 0..<draws { counts[Int(g.nextBounded(6))] += 1 }
        let chi = TestSupport.chiSquare(observed: counts, expected: [Double](repeating: Double(draws) / 6, count: 6))
        #expect(chi < TestSupport.chiSquareCritical(df: 5))

        // All 4! = 24 orders of a shuffled 4-element array.
        var orders = [String: Int]()
        let shuffles = 48_000
        for _ in 0..<shuffles {
            var a = [0, 1, 2, 3]
            g.shuffle(&a, count: 4)
            orders[a.map(String.init).joined(), default: 0] += 1
        }
        #expect(orders.count == 24)
        let chiOrders = TestSupport.chiSquare(observed: Array(orders.values),
                                              expected: [Double](repeating: Double(shuffles) / 24, count: 24))
        #expect(chiOrders < TestSupport.chiSquareCritical(df: 23))
    }

    /// Wilson–Hilferty against tabulated χ² quantiles at α = 0.001 (Pearson & Hartley, Biometrika
    /// Tables, Table 8): df 2 → 13.816, 5 → 20.515, 23 → 49.728. The approximation errs on the
    /// conservative (larger) side, by 2.3% at df 2 and less for more df.
    @Test func chiSquareCriticalValuesMatchTables() {
        for (df, tabulated) in [(2, 13.816), (5, 20.515), (23, 49.728)] {
            let approx = TestSupport.chiSquareCritical(df: df)
            #expect(approx >= tabulated && (approx - tabulated) / tabulated < 0.03, "df \(df): \(approx)")
        }
    }
}
