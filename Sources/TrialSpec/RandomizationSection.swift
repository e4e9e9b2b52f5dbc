import Foundation
import TrialCore
import Yams

/// The `randomization` section: method and its parameters, checked against the arms.
enum RandomizationSection {
    static let keys = ["method", "block_sizes", "minimization"]
    static let blockKeys = ["size", "probability"]
    static let minimizationKeys = ["probability", "measure", "weights"]
    /// Allowed gap between the sum of block probabilities and 1 (rounding in decimal input).
    static let probabilitySumTolerance = 1e-9

    static func decode(_ node: Node, arms: [Arm]?, strata: [StratificationFactor],
                       _ sink: inout ProblemSink) -> RandomizationScheme? {
        guard let section = MappingReader(node, what: "`randomization`", keys: keys, sink: &sink) else {
            return nil
        }
        guard let method: RandomizationScheme.Method = section.choice("method", required: true, &sink) else {
            return nil
        }
        var blocks: [BlockSize] = []
        var minimization: MinimizationSettings?
        switch method {
        case .permutedBlocks:
            if let list = section.required("block_sizes", &sink) {
                blocks = decodeBlocks(list, arms: arms, &sink)
            }
        case .complete, .minimization:
            if section.node("block_sizes") != nil {
                sink.add(at: section.markOf("block_sizes"),
                         "`block_sizes` applies only to method `permuted-blocks`; remove it")
            }
        }
        if method == .minimization {
            if strata.isEmpty {
                sink.add(at: section.markOf("method"),
                         "minimization balances the stratification factors, but none is defined")
            }
            minimization = section.required("minimization", &sink).flatMap {
                decodeMinimization($0, armCount: arms?.count, strata: strata, &sink)
            }
        } else if section.node("minimization") != nil {
            sink.add(at: section.markOf("minimization"),
                     "`minimization` applies only to method `minimization`; remove it")
        }
        return RandomizationScheme(method: method, blockSizes: blocks, minimization: minimization)
    }

    /// Block sizes with probabilities. Every size must be a multiple of the sum of the arm
    /// ratios (a block holds whole repetitions of the allocation ratio), sizes are unique,
    /// and the probabilities are in (0, 1] and sum to 1. The ratio check is skipped when the
    /// arms could not be read (`arms` is nil).
    static func decodeBlocks(_ node: Node, arms: [Arm]?, _ sink: inout ProblemSink) -> [BlockSize] {
        guard let items = sequence(node, name: "`block_sizes`", &sink) else { return [] }
        if items.isEmpty { sink.add(at: node.mark, "`block_sizes` is empty; list at least one block size") }
        let ratioSum = arms?.map(\.ratio).reduce(0, +) ?? 0
        let ratioText = arms?.map { String($0.ratio) }.joined(separator: ":") ?? ""
        var seen: [Int: Int] = [:]
        var blocks: [BlockSize] = []
        var allProbabilitiesRead = true
        for item in items {
            guard let block = MappingReader(item, what: "block size", keys: blockKeys, sink: &sink) else {
                allProbabilitiesRead = false; continue
            }
            let size = block.int("size", required: true, &sink)
            let probability = block.number("probability", required: true, &sink)
            if let size {
                if size < 1 {
                    sink.add(at: block.markOf("size"), "block size must be at least 1, not \(size)")
                } else if ratioSum > 0, size % ratioSum != 0 {
                    sink.add(at: block.markOf("size"), "block size \(size) is not a multiple of \(ratioSum), "
                        + "the sum of the arm ratios \(ratioText); every block must hold whole repetitions "
                        + "of the ratio")
                }
                if let line = seen[size] {
                    sink.add(at: block.markOf("size"), "duplicate block size \(size) (first listed at line \(line)); "
                        + "list each size once with its probability")
                }
                seen[size] = seen[size] ?? block.markOf("size")?.line ?? 0
            }
            if let probability, !(probability > 0 && probability <= 1) {
                sink.add(at: block.markOf("probability"),
                         "block probability must be greater than 0 and at most 1, not \(format(probability))")
            }
            if probability == nil { allProbabilitiesRead = false }
            if let size, let probability { blocks.append(BlockSize(size: size, probability: probability)) }
        }
        let total = blocks.map(\.probability).reduce(0, +)
        if allProbabilitiesRead, !items.isEmpty, abs(total - 1) > probabilitySumTolerance {
            sink.add(at: node.mark, "block size probabilities sum to \(format(total)), not 1; adjust them")
        }
        return blocks
    }

    /// Minimization settings: the probability p of the preferred arm(s) lies in [1/K, 1] for K
    /// arms (p = 1/K is allocation by ratio alone, p = 1 deterministic minimization); factor
    /// weights, keyed by factor name, are positive and default to 1.
    static func decodeMinimization(_ node: Node, armCount: Int?, strata: [StratificationFactor],
                                   _ sink: inout ProblemSink) -> MinimizationSettings? {
        guard let section = MappingReader(node, what: "`minimization`", keys: minimizationKeys, sink: &sink) else {
            return nil
        }
        let probability = section.number("probability", required: true, &sink)
        let measure: MinimizationSettings.Measure? = section.choice("measure", required: true, &sink)
        let arms = max(armCount ?? 2, 2)
        if let probability, !(probability * Double(arms) >= 1 - 1e-12 && probability <= 1) {
            sink.add(at: section.markOf("probability"), "minimization probability must be at least "
                + "1/\(arms) (one over the number of arms) and at most 1, not \(format(probability))")
        }
        var weights = [Double](repeating: 1, count: strata.count)
        if let node = section.node("weights"),
           let table = MappingReader(node, what: "`weights`", keys: strata.map(\.name), sink: &sink) {
            for (index, factor) in strata.enumerated() {
                guard let weight = table.number(factor.name, &sink) else { continue }
                if weight > 0 {
                    weights[index] = weight
                } else {
                    sink.add(at: table.markOf(factor.name), "weight of factor `\(factor.name)` must be "
                        + "greater than 0, not \(format(weight))")
                }
            }
        }
        guard let probability, let measure else { return nil }
        return MinimizationSettings(probability: probability, measure: measure, weights: weights)
    }
}

/// A number without a spurious trailing `.0` and without binary rounding noise.
func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    var text = String(format: "%.10g", value)
    if text.contains(".") && !text.contains("e") {
        while text.hasSuffix("0") { text.removeLast() }
    }
    return text
}
