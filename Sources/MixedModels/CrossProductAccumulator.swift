import LinearAlgebra

/// One pass over the observations that sums the outer products stored in `CrossProductBlocks`.
/// Cost O(n·(w + k₁ + k_rest)²).
struct Accumulator {
    let n: Int, w: Int, m1: Int, k1: Int, r: Int
    var zz1: [Double]
    var xz1: [Double]
    var xx: Matrix
    var rz1: [Double]
    var zzRest: Matrix
    var xzRest: Matrix

    init(n: Int, w: Int, m1: Int, k1: Int, r: Int, restRows: Int) {
        self.n = n
        self.w = w
        self.m1 = m1
        self.k1 = k1
        self.r = r
        zz1 = [Double](repeating: 0, count: m1 * k1 * k1)
        xz1 = [Double](repeating: 0, count: m1 * w * k1)
        xx = Matrix(rows: w, columns: w)
        rz1 = [Double](repeating: 0, count: restRows * k1)
        zzRest = Matrix(rows: r, columns: r)
        xzRest = Matrix(rows: w, columns: r)
    }

    // swiftlint:disable:next function_parameter_count
    mutating func accumulate(frame: ModelFrame, response y: [Double], layout: RandomEffectsLayout, levelStart: [Int],
                             byLevel: [Int], blockIdOffset: [Int], levelBlockStart: [Int],
                             levelBlocks: [Int32], levelRowStart: [Int], restBlockTerm: [Int32]) {
        let p = w - 1
        let x = frame.fixed.storage
        let z1 = layout.first.columns.storage
        let restTerms = Array(layout.terms.dropFirst())
        let restWidth = restTerms.reduce(0) { $0 + $1.columnCount }
        var xy = [Double](repeating: 0, count: w)
        var restColumns = [Int](repeating: 0, count: restWidth)
        var restRows = [Int](repeating: 0, count: restWidth)
        var restValues = [Double](repeating: 0, count: restWidth)
        var blockRow = [Int](repeating: 0, count: restBlockTerm.count)
        for l in 0..<m1 {
            // Row offset of each of this level's rest blocks within its rz1 block.
            var row = 0
            for b in levelBlockStart[l]..<levelBlockStart[l + 1] {
                let id = Int(levelBlocks[b])
                blockRow[id] = row
                row += layout.terms[Int(restBlockTerm[id])].columnCount
            }
            let levelRows = row
            let zzBase = l * k1 * k1, xzBase = l * w * k1, rzBase = levelRowStart[l] * k1
            for position in levelStart[l]..<levelStart[l + 1] {
                let i = byLevel[position]
                for c in 0..<p { xy[c] = x[i + c * n] }
                xy[p] = y[i]
                for b in 0..<k1 {
                    let zb = z1[i + b * n]
                    for a in 0..<k1 { zz1[zzBase + a + b * k1] += z1[i + a * n] * zb }
                    for c in 0..<w { xz1[xzBase + c + b * w] += xy[c] * zb }
                }
                for b in 0..<w {
                    for a in b..<w { xx.storage[a + b * w] += xy[a] * xy[b] }
                }
                if restTerms.isEmpty { continue }
                var t = 0
                for (offset, term) in restTerms.enumerated() {
                    let id = blockIdOffset[offset] + Int(term.levelIndex[i])
                    let startColumn = layout.columnOffsets[offset + 1] - layout.columnOffsets[1]
                        + Int(term.levelIndex[i]) * term.columnCount
                    for a in 0..<term.columnCount {
                        restColumns[t] = startColumn + a
                        restRows[t] = blockRow[id] + a
                        restValues[t] = term.columns.storage[i + a * n]
                        t += 1
                    }
                }
                for s in 0..<restWidth {
                    let v = restValues[s], column = restColumns[s]
                    for b in 0..<k1 { rz1[rzBase + restRows[s] + b * levelRows] += v * z1[i + b * n] }
                    for u in 0..<restWidth { zzRest.storage[restColumns[u] + column * r] += restValues[u] * v }
                    for c in 0..<w { xzRest.storage[c + column * w] += xy[c] * v }
                }
            }
        }
        xx.symmetrizeFromLower()
    }
}
