import LinearAlgebra

extension ProfiledDeviance {
    /// β̂ from R_X β* = c_X, i.e. L_XXᵀ β* = (last row of L_XX)ᵀ restricted to the X columns,
    /// plus the least-squares shift b₀ the blocks were formed with.
    func fixedEffects(workspace: BlockedCholesky) -> [Double] {
        zip(shiftedFixedEffects(workspace: workspace), blocks.responseShift).map { $0 + $1 }
    }

    /// β* = β̂ − b₀, the coefficients of the shifted response y − Xb₀.
    func shiftedFixedEffects(workspace: BlockedCholesky) -> [Double] {
        let p = fixedCount
        var beta = (0..<p).map { workspace.lxx[p, $0] }
        workspace.lxx.storage.withUnsafeBufferPointer { l in
            beta.withUnsafeMutableBufferPointer { b in
                if p > 0 { SmallDense.solveLowerTransposed(l.baseAddress!, p, ldL: p + 1, b.baseAddress!) }
            }
        }
        return beta
    }

    /// The spherical conditional modes ũ (`beta` is the shifted β* = β̂ − b₀) (Bates et al. 2015 eq. 19: L_θᵀ ũ = c_u − R_ZX β̂),
    /// by blocked back substitution: the dense later-term block first, then level by level.
    /// Returned in the layout's column order (first term, then the others).
    func sphericalModes(workspace: BlockedCholesky, beta: [Double]) throws -> [Double] {
        let p = fixedCount, w = blocks.width, k1 = blocks.firstSize, r = blocks.restSize
        var restModes = [Double](repeating: 0, count: r)
        for c in 0..<r {
            var value = workspace.lxr[p, c]
            for j in 0..<p { value -= workspace.lxr[j, c] * beta[j] }
            restModes[c] = value
        }
        if r > 0 {
            do {
                restModes = try Matrix.solveTriangular(workspace.lrr, .lower, .transposed, restModes)
            } catch let error as LinearAlgebraError {
                throw MixedModelError.linearAlgebra(step: "solving for the conditional modes", underlying: error)
            }
        }
        var modes = [Double](repeating: 0, count: blocks.firstLevels * k1)
        var rhs = [Double](repeating: 0, count: k1)
        for l in 0..<blocks.firstLevels {
            let x1 = l * w * k1
            for a in 0..<k1 {
                var value = workspace.lx1.storage[x1 + p + a * w]
                for j in 0..<p { value -= workspace.lx1.storage[x1 + j + a * w] * beta[j] }
                rhs[a] = value
            }
            if r > 0 {
                let rows = blocks.levelRowStart[l + 1] - blocks.levelRowStart[l]
                let base = blocks.levelRowStart[l] * k1
                var row = 0
                for b in blocks.levelBlockStart[l]..<blocks.levelBlockStart[l + 1] {
                    let id = Int(blocks.levelBlocks[b])
                    let k = layout.templates[Int(blocks.restBlockTerm[id])].size
                    for e in 0..<k {
                        let u = restModes[Int(blocks.restBlockColumn[id]) + e]
                        for a in 0..<k1 { rhs[a] -= workspace.lr1[base + row + e + a * rows] * u }
                    }
                    row += k
                }
            }
            workspace.l11.withUnsafeBufferPointer { l11 in
                rhs.withUnsafeMutableBufferPointer { x in
                    SmallDense.solveLowerTransposed(l11.baseAddress! + l * k1 * k1, k1, ldL: k1, x.baseAddress!)
                }
            }
            for a in 0..<k1 { modes[l * k1 + a] = rhs[a] }
        }
        return modes + restModes
    }

    /// The conditional modes b̃ = Λ ũ per term (layout order), as levels × k matrices.
    func conditionalModes(workspace: BlockedCholesky, beta: [Double]) throws -> [Matrix] {
        let u = try sphericalModes(workspace: workspace, beta: zip(beta, blocks.responseShift).map { $0 - $1 })
        var result: [Matrix] = []
        var lambdaOffset = 0
        for (t, term) in layout.terms.enumerated() {
            let k = term.columnCount, m = term.levelCount, start = layout.columnOffsets[t]
            var modes = Matrix(rows: m, columns: k)
            for g in 0..<m {
                for i in 0..<k {
                    var value = 0.0
                    for j in 0...i { value += workspace.lambdas[lambdaOffset + i + j * k] * u[start + g * k + j] }
                    modes[g, i] = value
                }
            }
            result.append(modes)
            lambdaOffset += k * k
        }
        return result
    }
}
