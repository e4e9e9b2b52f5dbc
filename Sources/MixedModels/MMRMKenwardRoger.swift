import LinearAlgebra

extension GLSLikelihood {
    /// Kenward–Roger's weighted sums over the free parameters (Kenward & Roger 1997 §2; mmrm
    /// vignette "Kenward–Roger"), with Q_hk = XᵀWV_hWV_kWX and R_hk = XᵀWV_hkWX:
    ///
    ///     Σ_hk W_hk Q_hk = Σ_t contract̃_t(Σ_hk W_hk V_h W V_k),   Σ_hk W_hk R_hk = Σ_t contract̃_t(Σ_hk W_hk V_hk)
    ///
    /// (contract̃ on the W-transformed block data): per block one n × n combination and two
    /// contractions, instead of one contraction per parameter pair.
    func kenwardRogerSums(_ e: Evaluation, weights: Matrix, free: [Int]) -> (q: Matrix, r: Matrix) {
        let w = design.width, p = design.fixedCount
        let position = Dictionary(uniqueKeysWithValues: free.enumerated().map { ($1, $0) })
        var qSum = [Double](repeating: 0, count: w * w), rSum = qSum
        for (t, type) in design.types.enumerated() {
            let block = e.blocks[t], n = type.size
            let list = block.values.derivatives.filter { position[$0.parameter] != nil }
            guard !list.isEmpty else { continue }
            let y = list.map { SquareMatrixKernels.product(block.w, $0.matrix, n) }
            var combined = [Double](repeating: 0, count: n * n)
            for (h, vh) in list {
                var z = [Double](repeating: 0, count: n * n)
                for (j, item) in list.enumerated() {
                    let weight = weights[position[h]!, position[item.parameter]!]
                    if weight == 0 { continue }
                    for e in z.indices { z[e] += weight * y[j][e] }
                }
                let product = SquareMatrixKernels.product(vh, z, n)
                for e in combined.indices { combined[e] += product[e] }
            }
            var second = [Double](repeating: 0, count: n * n)
            for d in block.values.second {
                guard let a = position[d.first], let b = position[d.second] else { continue }
                let weight = d.first == d.second ? weights[a, b] : weights[a, b] + weights[b, a]
                for e in second.indices { second[e] += weight * d.matrix[e] }
            }
            let transformed = type.storage.transformed(by: block.w, size: n, width: w)
            transformed.contract(combined, size: n, width: w, into: &qSum)
            transformed.contract(second, size: n, width: w, into: &rSum)
        }
        return (Self.leading(qSum, p, w), Self.leading(rSum, p, w))
    }
}
