import LinearAlgebra

/// The sufficient statistics of a linear mixed model, formed once in O(n) time: the blocks of
/// [Z₁ Z_rest X y]ᵀ[Z₁ Z_rest X y] that the blocked Cholesky needs (MixedModels.jl's `A`;
/// Bates et al. 2015 §3). With w = p + 1 columns [X y]:
///
/// - `zz1`: Z₁ᵀZ₁ for the first term, block-diagonal: one k₁ × k₁ block per level;
/// - `xz1`: [X y]ᵀZ₁ as one w × k₁ block per level;
/// - `xx`: [X y]ᵀ[X y] (w × w);
/// - for the second and later terms ("rest", order r): `rz1` = Z_restᵀZ₁ stored sparsely per
///   first-term level (only the rest blocks that level's observations touch), the dense
///   `zzRest` = Z_restᵀZ_rest (r × r) and `xzRest` = [X y]ᵀZ_rest (w × r).
///
/// Memory is O(m₁k₁(k₁ + w) + n·k_rest·k₁ + r² + w·r); nothing is n × n.
struct CrossProductBlocks: Sendable {
    let observationCount: Int
    /// w = p + 1: the fixed-effects columns followed by the response.
    let width: Int
    let firstLevels: Int
    let firstSize: Int
    var zz1: [Double]
    var xz1: [Double]
    var xx: Matrix

    /// One "rest block" per (later term, level): its first column in the rest block and its term.
    let restBlockColumn: [Int32]
    let restBlockTerm: [Int32]
    /// For first-term level l: its rest blocks are `levelBlocks[levelBlockStart[l]..<levelBlockStart[l+1]]`.
    let levelBlockStart: [Int]
    let levelBlocks: [Int32]
    /// For first-term level l: the rows of its `rz1` block start at `levelRowStart[l]` (row count
    /// = sum of its blocks' sizes); the block is stored column-major at `levelRowStart[l] · k₁`.
    let levelRowStart: [Int]
    var rz1: [Double]
    /// The rest column of each row of each level's `rz1` block (indexed like `levelRowStart`).
    let levelRestColumns: [Int32]
    var zzRest: Matrix
    var xzRest: Matrix

    /// b₀, the ordinary least-squares coefficients: the blocks hold y − Xb₀ instead of y. The model
    /// is unchanged (β = β* + b₀, ũ and r² identical), but r² = L_XX[p, p]² is then read from a
    /// cross-product of the size of r² itself rather than of yᵀy, which removes the cancellation
    /// that otherwise makes the criterion noisy (by up to yᵀy / r² ulps) for responses with a
    /// large mean.
    let responseShift: [Double]

    var restSize: Int { zzRest.rows }

    /// b₀ = argmin ‖y − Xb‖ by pivoted QR; zeros when X is (numerically) rank deficient, in which
    /// case the factorisation reports the aliased column.
    static func leastSquaresShift(_ frame: ModelFrame) -> [Double] {
        let p = frame.fixed.columns
        let zeros = [Double](repeating: 0, count: p)
        guard p > 0, let qr = try? QRDecomposition(frame.fixed, pivoting: true), qr.rank() == p,
              let b = try? qr.solveLeastSquares(frame.response), b.allSatisfy(\.isFinite) else { return zeros }
        return b
    }

    static func shiftedResponse(_ frame: ModelFrame, by b: [Double]) -> [Double] {
        var y = frame.response
        let n = frame.observationCount
        for (j, coefficient) in b.enumerated() where coefficient != 0 {
            for i in 0..<n { y[i] -= frame.fixed.storage[i + j * n] * coefficient }
        }
        return y
    }

    init(frame: ModelFrame, layout: RandomEffectsLayout) throws {
        let n = frame.observationCount
        let p = frame.fixed.columns
        let w = p + 1
        guard frame.fixed.rows == n else {
            throw MixedModelError.inconsistentFrame(
                detail: "the fixed-effects matrix has \(frame.fixed.rows) rows for \(n) responses")
        }
        guard frame.response.allSatisfy(\.isFinite) else {
            throw MixedModelError.nonFiniteValue(location: "The response '\(frame.responseName)'")
        }
        guard frame.fixed.storage.allSatisfy(\.isFinite) else {
            throw MixedModelError.nonFiniteValue(location: "The fixed-effects model matrix")
        }
        let first = layout.first
        let m1 = first.levelCount, k1 = first.columnCount
        observationCount = n
        width = w
        firstLevels = m1
        firstSize = k1

        // Rest blocks: one per (term j ≥ 1, level), numbered term by term.
        let q1 = m1 * k1
        var blockIdOffset: [Int] = [0]
        var blockColumn: [Int32] = [], blockTerm: [Int32] = []
        for j in layout.terms.indices.dropFirst() {
            let term = layout.terms[j]
            for g in 0..<term.levelCount {
                blockColumn.append(Int32(layout.columnOffsets[j] - q1 + g * term.columnCount))
                blockTerm.append(Int32(j))
            }
            blockIdOffset.append(blockColumn.count)
        }
        restBlockColumn = blockColumn
        restBlockTerm = blockTerm
        let r = layout.restSize

        // Observations grouped by first-term level (counting sort, stable).
        var levelStart = [Int](repeating: 0, count: m1 + 1)
        for g in first.levelIndex { levelStart[Int(g) + 1] += 1 }
        for l in 0..<m1 { levelStart[l + 1] += levelStart[l] }
        var cursor = levelStart
        var byLevel = [Int](repeating: 0, count: n)
        for (i, g) in first.levelIndex.enumerated() {
            byLevel[cursor[Int(g)]] = i
            cursor[Int(g)] += 1
        }

        // Which rest blocks each level touches (sorted by block id, i.e. by column).
        var marker = [Int32](repeating: -1, count: blockColumn.count)
        var blockStart = [0], blocks: [Int32] = [], rowStart = [0]
        var touched: [Int32] = []
        for l in 0..<m1 {
            touched.removeAll(keepingCapacity: true)
            for position in levelStart[l]..<levelStart[l + 1] {
                let i = byLevel[position]
                for j in layout.terms.indices.dropFirst() {
                    let id = Int32(blockIdOffset[j - 1] + Int(layout.terms[j].levelIndex[i]))
                    if marker[Int(id)] != Int32(l) {
                        marker[Int(id)] = Int32(l)
                        touched.append(id)
                    }
                }
            }
            touched.sort()
            blocks.append(contentsOf: touched)
            blockStart.append(blocks.count)
            let rows = touched.reduce(0) { $0 + layout.terms[Int(blockTerm[Int($1)])].columnCount }
            rowStart.append(rowStart[l] + rows)
        }
        levelBlockStart = blockStart
        levelBlocks = blocks
        levelRowStart = rowStart
        var restColumns: [Int32] = []
        restColumns.reserveCapacity(rowStart[m1])
        for id in blocks {
            let k = layout.terms[Int(blockTerm[Int(id)])].columnCount
            for a in 0..<k { restColumns.append(blockColumn[Int(id)] + Int32(a)) }
        }
        levelRestColumns = restColumns

        var stats = Accumulator(n: n, w: w, m1: m1, k1: k1, r: r, restRows: rowStart[m1])
        responseShift = Self.leastSquaresShift(frame)
        let shifted = Self.shiftedResponse(frame, by: responseShift)
        stats.accumulate(frame: frame, response: shifted, layout: layout, levelStart: levelStart, byLevel: byLevel,
                         blockIdOffset: blockIdOffset, levelBlockStart: blockStart, levelBlocks: blocks,
                         levelRowStart: rowStart, restBlockTerm: blockTerm)
        zz1 = stats.zz1
        xz1 = stats.xz1
        xx = stats.xx
        rz1 = stats.rz1
        zzRest = stats.zzRest
        xzRest = stats.xzRest
    }
}
