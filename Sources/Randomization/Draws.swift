/// Draws built on the generator's two primitives (bounded integer, unit double). Each rule here
/// is part of ``AlgorithmVersion/current``.
extension Xoshiro256StarStar {
    /// Fisher–Yates (Durstenfeld) shuffle of `buffer[0 ..< count]`: for i = count−1 down to 1,
    /// draw j uniform in 0…i (``nextBounded(_:)``) and swap positions i and j. Uses exactly
    /// count − 1 bounded draws (plus Lemire rejections); all count! orders are equally likely.
    @inlinable
    public mutating func shuffle<Element>(_ buffer: inout [Element], count: Int) {
        precondition(count <= buffer.count, "shuffle count exceeds the buffer")
        var i = count - 1
        while i > 0 {
            let j = nextIndex(below: i + 1)
            if j != i { buffer.swapAt(i, j) }
            i -= 1
        }
    }

    /// Index k with probability weights[k] / Σ weights, for positive integer weights: one bounded
    /// draw x in 0 ..< Σ weights, then the first k whose cumulative weight exceeds x. Exact (no
    /// floating point), e.g. arm ratios 2:1 give P(first) = 2/3 exactly.
    @inlinable
    public mutating func nextIndex(weights: [Int]) -> Int {
        var total = 0
        for w in weights { total += w }
        var x = nextIndex(below: total)
        for (k, w) in weights.enumerated() {
            if x < w { return k }
            x -= w
        }
        preconditionFailure("weights must be positive")
    }

    /// Index k with probability probabilities[k] / Σ probabilities: one unit double u, the first
    /// k with u·Σ < cumulative(k). Zero-probability entries are never chosen; if rounding lets
    /// u·Σ reach the final cumulative sum, the last positive entry is chosen.
    @inlinable
    public mutating func nextIndex(probabilities: [Double]) -> Int {
        var total = 0.0
        for p in probabilities { total += p }
        let target = nextUnitDouble() * total
        var cumulative = 0.0
        var lastPositive = -1
        for (k, p) in probabilities.enumerated() where p > 0 {
            lastPositive = k
            cumulative += p
            if target < cumulative { return k }
        }
        precondition(lastPositive >= 0, "at least one probability must be positive")
        return lastPositive
    }
}
