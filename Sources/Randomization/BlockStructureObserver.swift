/// What an observer who knows the design (the arms' ratio and the *set* of block sizes) but not the
/// list can deduce from the arms allocated so far in one stratum: whether the next arm is certain.
///
/// A history h_1 … h_i is consistent with "the current block started after position j and has
/// size b" when h_1 … h_j splits into complete blocks of allowed sizes, each holding exactly
/// r_k·b'/R of arm k (`reachable[j]`), b > i − j, and the counts c_k of h_{j+1} … h_i are at most
/// the quotas r_k·b/R. The next arm is certain when, over every consistent (j, b), exactly one arm
/// still has c_k < quota. Positions where the history splits into complete blocks (reachable[i])
/// are never certain. Only j ≥ i − b_max + 1 matter, so a step costs O(b_max · #sizes · K).
/// With one size b this counts the familiar forced allocations, b/(b/2 + 1) per 1:1 block.
struct BlockStructureObserver {
    private let sizes: [Int]
    private let quotas: [Int]          // quotas[s * K + k] = r_k · sizes[s] / R
    private let armCount: Int
    private let maxSize: Int
    private var prefix: [Int]          // prefix[i * K + k] = count of arm k among h_1 … h_i
    private var reachable: [Bool]
    private(set) var length = 0

    init(distribution: BlockSizeDistribution, arms: ArmSet, capacity: Int) {
        sizes = distribution.sizes
        armCount = arms.count
        maxSize = distribution.maximum
        quotas = sizes.flatMap { b in arms.ratios.map { $0 * b / arms.ratioSum } }
        prefix = [Int](repeating: 0, count: (capacity + 1) * arms.count)
        reachable = [Bool](repeating: false, count: capacity + 1)
        reachable[0] = true
    }

    mutating func reset() {
        length = 0
        reachable[0] = true
    }

    /// Whether the arm at position length + 1 is determined by the history and the design.
    func nextIsCertain() -> Bool {
        let i = length
        if reachable[i] { return false }
        let K = armCount
        return prefix.withUnsafeBufferPointer { prefix in
            quotas.withUnsafeBufferPointer { quotas in
                var open: UInt64 = 0
                var j = i - 1
                let lowest = max(0, i - maxSize + 1)
                while j >= lowest {
                    if reachable[j] {
                        for (s, b) in sizes.enumerated() where b > i - j {
                            var consistent = true
                            var stillOpen: UInt64 = 0
                            for k in 0..<K {
                                let c = prefix[i * K + k] - prefix[j * K + k]
                                let quota = quotas[s * K + k]
                                if c > quota { consistent = false; break }
                                if c < quota { stillOpen |= 1 << UInt64(k) }
                            }
                            if consistent {
                                open |= stillOpen
                                if open & (open &- 1) != 0 { return false }
                            }
                        }
                    }
                    j -= 1
                }
                return open != 0 && open & (open &- 1) == 0
            }
        }
    }

    /// Appends the arm actually allocated.
    mutating func append(_ arm: Int) {
        let i = length + 1
        if i >= reachable.count {
            reachable += [Bool](repeating: false, count: reachable.count)
            prefix += [Int](repeating: 0, count: prefix.count)
        }
        let K = armCount
        var closes = false
        prefix.withUnsafeMutableBufferPointer { prefix in
            for k in 0..<K { prefix[i * K + k] = prefix[(i - 1) * K + k] }
            prefix[i * K + arm] += 1
            for (s, b) in sizes.enumerated() where b <= i && reachable[i - b] {
                var balanced = true
                for k in 0..<K where prefix[i * K + k] - prefix[(i - b) * K + k] != quotas[s * K + k] {
                    balanced = false; break
                }
                if balanced { closes = true; break }
            }
        }
        reachable[i] = closes
        length = i
    }
}
