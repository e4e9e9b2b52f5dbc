import LinearAlgebra

extension MarginalAlgebra {
    /// Several terms: assembles A = ZᵀZ (q × q) and B = Zᵀ[X y] (q × w) from the sufficient
    /// statistics, then S = A − F̂ᵀF̂, B̂ = B − F̂ᵀĜ and ĜᵀĜ with one dense Cholesky of
    /// C = ΛᵀAΛ + I (LAPACK `dpotrf`, BLAS `dtrsm`/`dsyrk`/`dgemm`). O(q³) time, O(q²) memory.
    static func reduceDense(blocks: CrossProductBlocks, layout: RandomEffectsLayout, terms: [TermColumns],
                            lambdas: [[Double]]) throws -> (s: RandomEffectsGram.Storage, b: Matrix, down: Matrix) {
        let (a, b) = assemble(blocks: blocks, layout: layout)
        let q = a.rows
        var lta = a
        multiplyLeftByLambdaTransposed(&lta, terms: terms, lambdas: lambdas)
        var c = lta
        multiplyRightByLambda(&c, terms: terms, lambdas: lambdas)
        for d in 0..<q { c[d, d] += 1 }
        var ltb = b
        multiplyLeftByLambdaTransposed(&ltb, terms: terms, lambdas: lambdas)
        do {
            let factor = try Cholesky(c)
            let fHat = try Matrix.solveTriangular(factor.lower, .lower, .none, lta)
            let gHat = try Matrix.solveTriangular(factor.lower, .lower, .none, ltb)
            var s = a
            try Matrix.rankKUpdate(fHat, .transposed, alpha: -1, beta: 1, into: &s)
            var bHat = b
            let correction = try Matrix.product(fHat, .transposed, gHat, .none)
            for e in bHat.storage.indices { bHat.storage[e] -= correction.storage[e] }
            return (.dense(s), bHat, gHat.crossProduct)
        } catch {
            throw InferenceError.numerical(step: "reducing the random-effects cross-products", detail: "\(error)")
        }
    }

    /// ZᵀZ and Zᵀ[X y] in the layout's column order (first term, then the others).
    private static func assemble(blocks: CrossProductBlocks, layout: RandomEffectsLayout) -> (Matrix, Matrix) {
        let q = layout.totalColumns, w = blocks.width, k1 = blocks.firstSize
        let q1 = blocks.firstLevels * k1, r = blocks.restSize
        var a = Matrix(rows: q, columns: q), b = Matrix(rows: q, columns: w)
        for l in 0..<blocks.firstLevels {
            for j in 0..<k1 {
                for i in 0..<k1 { a[l * k1 + i, l * k1 + j] = blocks.zz1[l * k1 * k1 + i + j * k1] }
                for c in 0..<w { b[l * k1 + j, c] = blocks.xz1[l * w * k1 + c + j * w] }
            }
            let rows = blocks.levelRowStart[l + 1] - blocks.levelRowStart[l]
            let base = blocks.levelRowStart[l] * k1
            var row = 0
            for position in blocks.levelBlockStart[l]..<blocks.levelBlockStart[l + 1] {
                let id = Int(blocks.levelBlocks[position])
                let k = layout.templates[Int(blocks.restBlockTerm[id])].size
                for e in 0..<k {
                    let column = q1 + Int(blocks.restBlockColumn[id]) + e
                    for c in 0..<k1 {
                        let value = blocks.rz1[base + row + e + c * rows]
                        a[column, l * k1 + c] = value
                        a[l * k1 + c, column] = value
                    }
                }
                row += k
            }
        }
        for j in 0..<r {
            for i in 0..<r { a[q1 + i, q1 + j] = blocks.zzRest[i, j] }
            for c in 0..<w { b[q1 + j, c] = blocks.xzRest[c, j] }
        }
        return (a, b)
    }

    /// X ← Λᵀ X (Λ block-diagonal: Λ_t for every level of term t).
    static func multiplyLeftByLambdaTransposed(_ x: inout Matrix, terms: [TermColumns], lambdas: [[Double]]) {
        var scratch = [Double](repeating: 0, count: terms.map(\.size).max() ?? 0)
        for (t, term) in terms.enumerated() {
            let k = term.size, lambda = lambdas[t]
            for g in 0..<term.levels {
                let start = term.offset + g * k
                for column in 0..<x.columns {
                    for i in 0..<k {
                        var s = 0.0
                        for r in i..<k { s += lambda[r + i * k] * x[start + r, column] }
                        scratch[i] = s
                    }
                    for i in 0..<k { x[start + i, column] = scratch[i] }
                }
            }
        }
    }

    /// X ← X Λ.
    static func multiplyRightByLambda(_ x: inout Matrix, terms: [TermColumns], lambdas: [[Double]]) {
        var scratch = [Double](repeating: 0, count: terms.map(\.size).max() ?? 0)
        for (t, term) in terms.enumerated() {
            let k = term.size, lambda = lambdas[t]
            for g in 0..<term.levels {
                let start = term.offset + g * k
                for row in 0..<x.rows {
                    for j in 0..<k {
                        var s = 0.0
                        for r in j..<k { s += x[row, start + r] * lambda[r + j * k] }
                        scratch[j] = s
                    }
                    for j in 0..<k { x[row, start + j] = scratch[j] }
                }
            }
        }
    }
}
