import Foundation
import Randomization
import TrialCore
import TrialStore

/// Conversions between the pure Randomization values and the store's records.
enum RandomizationWiring {
    /// The stored lists of a generated list: one per stratum, with codes in list order.
    static func newLists(from list: AllocationList, codes: [String]) -> [NewAllocationList] {
        var offset = 0
        return (0..<list.design.strata.count).map { stratum in
            let slots = list.slots(inStratum: stratum).map { slot -> NewSlot in
                defer { offset += 1 }
                return NewSlot(slot: slot.sequence, blockNumber: slot.block, blockSize: slot.blockSize,
                               blockPosition: slot.positionInBlock, arm: list.design.arms.arms[slot.arm].code,
                               code: codes[offset])
            }
            return newList(stratum: stratum, layout: list.design.strata, slots: slots)
        }
    }

    /// The stored lists of an imported table, one per stratum.
    static func newLists(from rows: [ListRow], design: ListDesign) -> [NewAllocationList] {
        (0..<design.strata.count).map { stratum in
            let slots = rows.filter { $0.slot.stratum == stratum }.map {
                NewSlot(slot: $0.slot.sequence, blockNumber: nil, blockSize: nil, blockPosition: nil,
                        arm: design.arms.arms[$0.slot.arm].code, code: $0.code)
            }
            return newList(stratum: stratum, layout: design.strata, slots: slots)
        }
    }

    static func newList(stratum: Int, layout: StratumLayout, slots: [NewSlot]) -> NewAllocationList {
        NewAllocationList(stratum: layout.label(ofStratum: stratum),
                          stratumLevels: levels(ofStratum: stratum, layout: layout), slots: slots)
    }

    static func levels(ofStratum stratum: Int, layout: StratumLayout) -> [String: String] {
        Dictionary(uniqueKeysWithValues: layout.levelNames(ofStratum: stratum).map { ($0.factor, $0.level) })
    }

    /// Stored slots as list rows of `design` (strata by label, arms by code).
    static func listRows(_ slots: [StoredSlot], design: ListDesign) throws -> [ListRow] {
        let strata = Dictionary(uniqueKeysWithValues: (0..<design.strata.count).map { (design.strata.label(ofStratum: $0), $0) })
        let arms = Dictionary(uniqueKeysWithValues: design.arms.arms.enumerated().map { ($1.code, $0) })
        return try slots.map { slot in
            guard let stratum = strata[slot.stratum], let arm = arms[slot.arm] else {
                throw StoreError.invalidAllocationHistory(detail: "stored slot \(slot.slot) of stratum \(slot.stratum) names arm \(slot.arm), which this protocol does not have")
            }
            return ListRow(slot: AllocationSlot(stratum: stratum, sequence: slot.slot, block: slot.blockNumber,
                                                blockSize: slot.blockSize, positionInBlock: slot.blockPosition, arm: arm),
                           code: slot.code)
        }
    }

    /// The design parameters stored with the lists (JSON, sorted keys).
    static func parameters(_ spec: TrialProtocol, slotsPerStratum: Int?) throws -> String {
        let scheme = spec.randomization
        let value = DesignParameters(
            method: scheme.method.rawValue,
            arms: spec.arms.map { .init(code: $0.code, ratio: $0.ratio) },
            factors: spec.stratification.map { .init(name: $0.name, levels: $0.levels) },
            blockSizes: scheme.method == .permutedBlocks ? scheme.blockSizes.map { .init(size: $0.size, probability: $0.probability) } : nil,
            minimization: scheme.minimization.map { .init(probability: $0.probability, measure: $0.measure.rawValue, weights: $0.weights) },
            slotsPerStratum: slotsPerStratum)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The minimization rule for the store: rebuilds the tally from the allocations so far,
    /// draws from stream ["minimization", n] under the sealed seed, and returns the arm with the
    /// decision's audit details.
    static func minimizer(design: MinimizationDesign, levels: [Int]) -> (MinimizationContext) throws -> MinimizationOutcome {
        { context in
            do {
                let factors = design.factors.factors
                let history = try context.history.map { past throws(RandomizationError) -> MinimizationRecord in
                    let indices = try design.factors.levelIndices(factors.map { past.stratumLevels[$0.name] ?? "" })
                    guard let arm = design.arms.arms.firstIndex(where: { $0.code == past.arm }) else {
                        throw RandomizationError.armOutOfRange(index: -1, arms: design.arms.count)
                    }
                    return MinimizationRecord(levels: indices, arm: arm)
                }
                var generator = StreamKey.minimization(sequence: context.sequence).generator(seed: context.seed)
                let decision = try design.allocate(history: history, levels: levels, generator: &generator)
                return MinimizationOutcome(arm: design.arms.arms[decision.arm].code,
                                           decision: try DecisionRecord(decision, design: design, sequence: context.sequence).json())
            } catch let error as RandomizationError {
                throw StoreError.invalidAllocationHistory(detail: error.description)
            }
        }
    }
}

private struct DesignParameters: Encodable {
    struct ArmEntry: Encodable { var code: String; var ratio: Int }
    struct FactorEntry: Encodable { var name: String; var levels: [String] }
    struct BlockEntry: Encodable { var size: Int; var probability: Double }
    struct MinimizationEntry: Encodable { var probability: Double; var measure: String; var weights: [Double] }
    var method: String
    var arms: [ArmEntry]
    var factors: [FactorEntry]
    var blockSizes: [BlockEntry]?
    var minimization: MinimizationEntry?
    var slotsPerStratum: Int?

    enum CodingKeys: String, CodingKey {
        case method, arms, factors, minimization
        case blockSizes = "block_sizes", slotsPerStratum = "slots_per_stratum"
    }
}

/// A minimization decision as stored with the allocation (and so covered by the audit commitment).
private struct DecisionRecord: Encodable {
    struct Score: Encodable {
        var arm: String
        var factorImbalances: [Double]
        var total: Double
        enum CodingKeys: String, CodingKey { case arm, total, factorImbalances = "factor_imbalances" }
    }
    var sequence: Int
    var arm: String
    var levelCounts: [String: [String: Int]]
    var scores: [Score]
    var preferred: [String]
    var probabilities: [String: Double]
    var deterministic: Bool

    enum CodingKeys: String, CodingKey {
        case sequence, arm, scores, preferred, probabilities, deterministic
        case levelCounts = "level_counts"
    }

    init(_ decision: MinimizationDecision, design: MinimizationDesign, sequence: Int) {
        let codes = design.arms.arms.map(\.code)
        self.sequence = sequence
        arm = codes[decision.arm]
        var counts: [String: [String: Int]] = [:]
        for (factor, row) in zip(design.factors.factors, decision.levelCounts) {
            counts[factor.name] = Dictionary(uniqueKeysWithValues: zip(codes, row))
        }
        levelCounts = counts
        scores = decision.scores.map { Score(arm: codes[$0.arm], factorImbalances: $0.factorImbalances, total: $0.total) }
        preferred = decision.preferredArms.map { codes[$0] }
        probabilities = Dictionary(uniqueKeysWithValues: zip(codes, decision.probabilities))
        deterministic = decision.deterministic
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
