import Foundation
import Testing
@testable import MixedModels

/// Level order and numeric level labels compared with R (fixtures written by
/// `fixtures/reference/model_matrix/make_reference.R`: `sort()` under ICU root collation and
/// `as.character()` / `levels(factor(x))` of doubles).
@Suite struct FormulaLevelOrderTests {
    struct Collation: Decodable {
        let input: [String]
        let sorted: [String]
    }

    struct Numbers: Decodable {
        let values: [String]
        let labels: [String]
        let factorLevels: [String]
    }

    static let directory = ModelFrameReferenceTests.directory

    private func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    @Test func textLevelsSortAsRWithICU() throws {
        let reference = try load("collation.json", as: Collation.self)
        #expect(reference.input.count > 100)
        #expect(LevelCollation.sorted(reference.input) == reference.sorted)
        #expect(LevelCollation.sorted(reference.input.reversed()) == reference.sorted)
    }

    @Test func commonTrialLevels() {
        #expect(LevelCollation.sorted(["SAU", "PEER"]) == ["PEER", "SAU"])
        #expect(LevelCollation.sorted(["Male", "Female"]) == ["Female", "Male"])
        #expect(LevelCollation.sorted(["b", "B", "a", "A"]) == ["a", "A", "b", "B"])
        #expect(LevelCollation.sorted(["week12", "week2", "baseline"]) == ["baseline", "week12", "week2"])
        #expect(LevelCollation.precedes("Aarhus", "Århus"))
    }

    @Test func numericLevelLabelsMatchAsCharacter() throws {
        let reference = try load("numbers.json", as: Numbers.self)
        let values = reference.values.map { Double($0)! }
        #expect(values.map(RNumberFormat.string) == reference.labels)
        #expect(FactorCodes(numbers: values).levels == reference.factorLevels)
    }

    @Test func numericFactorSharesLevelsWithTheSameLabel() {
        let codes = FactorCodes(numbers: [0.1 + 0.2, 0.3, 10, 2])
        #expect(codes.levels == ["0.3", "2", "10"])
        #expect(codes.codes == [0, 0, 2, 1])
        #expect(codes.index(of: "10.0") == 2)
    }

    @Test func interactionLevelsRunThroughTheLaterFactor() {
        let batch = FactorCodes(text: ["A", "A", "B", "B", "A"])
        let cask = FactorCodes(text: ["a", "b", "a", "b", "a"])
        let both = FactorCodes.interaction([cask, batch])
        #expect(both.levels == ["a:A", "a:B", "b:A", "b:B"])
        #expect(both.codes == [0, 2, 1, 3, 0])
        let absent = FactorCodes.interaction([FactorCodes(text: ["x", "y"]), FactorCodes(text: ["1", "2"])])
        #expect(absent.levels == ["x:1", "y:2"])
    }
}

/// The all-ASCII byte keys order strings exactly as the full collation keys do.
@Suite struct ASCIICollationKeyTests {
    @Test func byteKeysAgreeWithCollationKeys() throws {
        let alphabet = Array(" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBzZ\t\u{01}")
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var strings = ["", "a", "A", "ab", "aB", "a_b", "ab_", "10", "9", "P000123", "p000123", "a\u{01}b", "ab"]
        for _ in 0..<400 { strings.append(String((0..<next(5)).map { _ in alphabet[next(alphabet.count)] })) }
        for a in strings {
            let keyA = try #require(ASCIICollationKey.key(a))
            for b in strings.prefix(120) {
                let keyB = try #require(ASCIICollationKey.key(b))
                #expect(keyA.lexicographicallyPrecedes(keyB) == (CollationKey(a) < CollationKey(b)), "\(a) vs \(b)")
            }
        }
        #expect(ASCIICollationKey.key("Århus") == nil)
    }
}
