import Foundation

/// One parser that reads untrusted bytes, as a fuzz target: `run` must return for every input,
/// accepting it or rejecting it with the parser's typed error, and never trap.
///
/// The same entry point serves libFuzzer (`Fuzz/Driver`, built by `make fuzz`) and the regular
/// test that replays every seed and regression input (`Tests/FuzzRegressionTests`). To add a
/// target, add one file with `extension FuzzTarget { static let name = FuzzTarget(...) }` and
/// put it into ``all``; give it a seed corpus in `fixtures/fuzz/<name>/corpus/`.
public struct FuzzTarget: Sendable {
    /// The directory name under `fixtures/fuzz/` and the value of TRIALKIT_FUZZ_TARGET.
    public let name: String
    /// What the parser does with the bytes.
    public let run: @Sendable (Data) -> FuzzOutcome

    public init(name: String, run: @escaping @Sendable (Data) -> FuzzOutcome) {
        self.name = name; self.run = run
    }

    /// Every target, in the order `make fuzz` runs them.
    public static let all: [FuzzTarget] = [csv, protocolYAML, formula, expression, redcap]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// What a parser made of one input.
public enum FuzzOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The input was read; the text summarises the result.
    case accepted(String)
    /// The parser refused the input with its typed error, whose message is kept.
    case rejected(String)

    public var description: String {
        switch self {
        case .accepted(let summary): return "accepted: \(summary)"
        case .rejected(let message): return "rejected: \(message)"
        }
    }

    public var isAccepted: Bool { if case .accepted = self { return true } else { return false } }
}
