import LinearAlgebra

extension BlockedCholesky {
    /// Starts the dense blocks of the second and later terms: L_rr ← Λ_restᵀ Z_restᵀZ_rest Λ_rest + I
    /// and L_Xr ← [X y]ᵀ Z_rest Λ_rest. The first-term loop then subtracts L_r1 L_r1ᵀ and L_X1 L_r1ᵀ.
    mutating func prepareRest(blocks: CrossProductBlocks, layout: RandomEffectsLayout) {
        let r = blocks.restSize, w = blocks.width
        lrr = blocks.zzRest
        lxr = blocks.xzRest
        lambdas.withUnsafeBufferPointer { lam in
            lrr.storage.withUnsafeMutableBufferPointer { a in
                lxr.storage.withUnsafeMutableBufferPointer { x in
                    for t in layout.terms.indices.dropFirst() {
                        let k = layout.templates[t].size
                        let lambda = lam.baseAddress! + BlockedCholesky.lambdaOffset(layout, term: t)
                        let start = layout.columnOffsets[t] - layout.columnOffsets[1]
                        for g in 0..<layout.terms[t].levelCount {
                            let c = start + g * k
                            SmallDense.multiplyRightByLower(a.baseAddress! + c * r, rows: r, ld: r, lambda, k)
                            SmallDense.multiplyRightByLower(x.baseAddress! + c * w, rows: w, ld: w, lambda, k)
                        }
                        for g in 0..<layout.terms[t].levelCount {
                            let c = start + g * k
                            SmallDense.multiplyLeftByLowerTransposed(a.baseAddress! + c, columns: r, ld: r, lambda, k)
                        }
                    }
                }
            }
        }
        for d in 0..<r { lrr[d, d] += 1 }
    }

    /// Factorises the (downdated) dense block: L_rr = chol(·), L_Xr ← L_Xr L_rr⁻ᵀ,
    /// L_XX ← L_XX − L_Xr L_Xrᵀ. Returns log |L_rr|².
    mutating func factorRest(blocks: CrossProductBlocks) throws -> Double {
        do {
            let factor = try Cholesky(lrr)
            lrr = factor.lower
            lxr = try Matrix.solveTriangular(lrr, .lower, .transposed, side: .right, lxr)
            try Matrix.rankKUpdate(lxr, .none, alpha: -1, beta: 1, into: &lxx)
            return factor.logDeterminant
        } catch let error as LinearAlgebraError {
            throw MixedModelError.linearAlgebra(step: "factorising the random-effects block of the later terms",
                                                underlying: error)
        }
    }
}
