/// A broken rule in an allocation list.
public enum ListInvariantViolation: Equatable, Sendable, CustomStringConvertible {
    case stratumOutOfRange(row: Int, stratum: Int)
    case armOutOfRange(row: Int, arm: Int)
    case sequenceOutOfOrder(stratum: Int, expected: Int, found: Int)
    case tooFewSlots(stratum: Int, found: Int, required: Int)
    case tooManySlots(stratum: Int, found: Int, allowed: Int)
    case blockFieldsMissing(stratum: Int, sequence: Int)
    case blockFieldsPresent(stratum: Int, sequence: Int)
    case blockNumberOutOfOrder(stratum: Int, sequence: Int, expected: Int, found: Int)
    case blockSizeNotAllowed(stratum: Int, block: Int, size: Int)
    case blockSizeChanged(stratum: Int, block: Int, sequence: Int)
    case blockPositionInconsistent(stratum: Int, block: Int, expected: Int, found: Int)
    case incompleteBlock(stratum: Int, block: Int, size: Int, filled: Int)
    case unbalancedBlock(stratum: Int, block: Int, counts: [Int], expected: [Int])

    public var description: String {
        switch self {
        case let .stratumOutOfRange(row, stratum): "Row \(row) names stratum \(stratum), which the design does not have."
        case let .armOutOfRange(row, arm): "Row \(row) names arm \(arm), which the design does not have."
        case let .sequenceOutOfOrder(s, expected, found): "Stratum \(s): expected sequence number \(expected), found \(found)."
        case let .tooFewSlots(s, found, required): "Stratum \(s) has \(found) slots, fewer than the \(required) required."
        case let .tooManySlots(s, found, allowed): "Stratum \(s) has \(found) slots, more than the \(allowed) a final block can add."
        case let .blockFieldsMissing(s, seq): "Stratum \(s), sequence \(seq): block number, size or position is missing."
        case let .blockFieldsPresent(s, seq): "Stratum \(s), sequence \(seq): a complete-randomization slot carries block fields."
        case let .blockNumberOutOfOrder(s, seq, expected, found): "Stratum \(s), sequence \(seq): expected block \(expected), found \(found)."
        case let .blockSizeNotAllowed(s, b, size): "Stratum \(s), block \(b): size \(size) is not one of the design's sizes."
        case let .blockSizeChanged(s, b, seq): "Stratum \(s), block \(b): the block size changes at sequence \(seq)."
        case let .blockPositionInconsistent(s, b, expected, found): "Stratum \(s), block \(b): expected position \(expected), found \(found)."
        case let .incompleteBlock(s, b, size, filled): "Stratum \(s), block \(b) of size \(size) holds only \(filled) slots."
        case let .unbalancedBlock(s, b, counts, expected): "Stratum \(s), block \(b): arm counts \(counts), expected \(expected)."
        }
    }
}

/// The structural rules of an allocation list, checkable on generated or stored slots:
/// - every stratum's sequence numbers are 1, 2, …, n in order (so they are unique), with
///   slotsPerStratum ≤ n (and, for blocks, n < slotsPerStratum + b_max);
/// - permuted blocks: block numbers 1, 2, … in order; within a block the size is constant and one
///   of the design's sizes, positions run 1…b, every block is complete and holds exactly r_k·b/R
///   slots of arm k; complete randomization: no block fields.
public enum ListInvariants {
    public static func check(slots: [AllocationSlot], design: ListDesign, slotsPerStratum: Int)
        -> [ListInvariantViolation]
    {
        var violations: [ListInvariantViolation] = []
        var byStratum = [[AllocationSlot]](repeating: [], count: design.strata.count)
        for (row, slot) in slots.enumerated() {
            guard slot.stratum >= 0, slot.stratum < design.strata.count else {
                violations.append(.stratumOutOfRange(row: row + 1, stratum: slot.stratum)); continue
            }
            guard slot.arm >= 0, slot.arm < design.arms.count else {
                violations.append(.armOutOfRange(row: row + 1, arm: slot.arm)); continue
            }
            byStratum[slot.stratum].append(slot)
        }
        for (stratum, list) in byStratum.enumerated() {
            for (offset, slot) in list.enumerated() where slot.sequence != offset + 1 {
                violations.append(.sequenceOutOfOrder(stratum: stratum, expected: offset + 1, found: slot.sequence))
                break
            }
            if list.count < slotsPerStratum {
                violations.append(.tooFewSlots(stratum: stratum, found: list.count, required: slotsPerStratum))
            }
            if let distribution = design.blockSizes {
                let allowed = slotsPerStratum + distribution.maximum - 1
                if list.count > allowed {
                    violations.append(.tooManySlots(stratum: stratum, found: list.count, allowed: allowed))
                }
                violations += checkBlocks(list, stratum: stratum, distribution: distribution, arms: design.arms)
            } else if let slot = list.first(where: { $0.block != nil || $0.blockSize != nil || $0.positionInBlock != nil }) {
                violations.append(.blockFieldsPresent(stratum: stratum, sequence: slot.sequence))
            }
        }
        return violations
    }

    private static func checkBlocks(_ list: [AllocationSlot], stratum: Int, distribution: BlockSizeDistribution,
                                    arms: ArmSet) -> [ListInvariantViolation]
    {
        var violations: [ListInvariantViolation] = []
        var currentBlock = 0, currentSize = 0, filled = 0
        var counts = [Int](repeating: 0, count: arms.count)
        func closeBlock() {
            guard currentBlock > 0 else { return }
            if filled != currentSize {
                violations.append(.incompleteBlock(stratum: stratum, block: currentBlock, size: currentSize, filled: filled))
            } else {
                let expected = arms.ratios.map { $0 * currentSize / arms.ratioSum }
                if counts != expected {
                    violations.append(.unbalancedBlock(stratum: stratum, block: currentBlock, counts: counts, expected: expected))
                }
            }
        }
        for slot in list {
            guard let block = slot.block, let size = slot.blockSize, let position = slot.positionInBlock else {
                violations.append(.blockFieldsMissing(stratum: stratum, sequence: slot.sequence)); return violations
            }
            if block != currentBlock {
                closeBlock()
                if block != currentBlock + 1 {
                    violations.append(.blockNumberOutOfOrder(stratum: stratum, sequence: slot.sequence,
                                                             expected: currentBlock + 1, found: block))
                }
                if !distribution.sizes.contains(size) {
                    violations.append(.blockSizeNotAllowed(stratum: stratum, block: block, size: size))
                }
                currentBlock = block; currentSize = size; filled = 0
                counts = [Int](repeating: 0, count: arms.count)
            } else if size != currentSize {
                violations.append(.blockSizeChanged(stratum: stratum, block: block, sequence: slot.sequence))
            }
            filled += 1
            if position != filled {
                violations.append(.blockPositionInconsistent(stratum: stratum, block: block, expected: filled, found: position))
            }
            counts[slot.arm] += 1
        }
        closeBlock()
        return violations
    }
}
