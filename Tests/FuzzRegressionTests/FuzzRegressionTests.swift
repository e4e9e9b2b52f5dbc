import Foundation
import FuzzTargets
import Testing

/// Every seed and every input that once crashed a parser, fed through the fuzz entry point:
/// each must give a result or the parser's typed error. A trap here kills the test process.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/fixtures/fuzz"

    /// The files of `fixtures/fuzz/<target>/<kind>/`, sorted.
    static func inputs(_ target: FuzzTarget, _ kind: String) -> [String] {
        let directory = "\(root)/\(target.name)/\(kind)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(directory)/\($0)" }
    }

    @Test("Each target has a seed corpus", arguments: FuzzTarget.all.map(\.name))
    func hasCorpus(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        #expect(Self.inputs(target, "corpus").count >= 3)
    }

    /// Seeds named `ok-*` are valid inputs and must be accepted; `bad-*` must be rejected.
    @Test("Seed corpus: accepted or rejected as named, never a trap", arguments: FuzzTarget.all.map(\.name))
    func corpus(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for path in Self.inputs(target, "corpus") {
            let outcome = target.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            let file = URL(fileURLWithPath: path).lastPathComponent
            if file.hasPrefix("ok-") { #expect(outcome.isAccepted, "\(file): \(outcome)") }
            if file.hasPrefix("bad-") { #expect(!outcome.isAccepted, "\(file): \(outcome)") }
        }
    }

    /// Inputs libFuzzer found crashing; each now gives an outcome. A file named `*.accepted`
    /// or `*.rejected` must give that outcome.
    @Test("Regression inputs: a result or a typed error, never a trap", arguments: FuzzTarget.all.map(\.name))
    func regressions(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        for path in Self.inputs(target, "regressions") {
            let outcome = target.run(try Data(contentsOf: URL(fileURLWithPath: path)))
            if path.hasSuffix(".accepted") { #expect(outcome.isAccepted, "\(path): \(outcome)") }
            if path.hasSuffix(".rejected") { #expect(!outcome.isAccepted, "\(path): \(outcome)") }
        }
    }
}
