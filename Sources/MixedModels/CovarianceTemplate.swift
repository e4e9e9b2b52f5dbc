/// The relative covariance factor Λ_t of one random-effects term: a k × k lower-triangular matrix
/// whose non-zeros are a slice of θ taken column by column (lme4's `Lind` order), so that
/// Var(b_t for one level) = σ² Λ_t Λ_tᵀ (Bates et al. 2015, JSS 67(1), §2.2).
///
/// For k = 2 the template is [[θ₁, 0], [θ₂, θ₃]]; diagonal entries are bounded below by 0.
struct CovarianceTemplate: Sendable, Equatable {
    /// The term's number of columns k.
    let size: Int
    /// Where this term's parameters start in θ.
    let thetaOffset: Int

    /// k(k + 1)/2 parameters.
    var parameterCount: Int { size * (size + 1) / 2 }

    /// Position in the term's θ slice of each parameter's (row, column), column-wise.
    var entries: [(row: Int, column: Int)] {
        var result: [(Int, Int)] = []
        for j in 0..<size {
            for i in j..<size { result.append((i, j)) }
        }
        return result
    }

    /// Lower bounds: 0 on the diagonal, −∞ elsewhere (lme4's `lower`).
    var lowerBounds: [Double] { entries.map { $0.row == $0.column ? 0 : -.infinity } }

    /// lme4's start: the identity template (1 on the diagonal, 0 elsewhere).
    var initialTheta: [Double] { entries.map { $0.row == $0.column ? 1 : 0 } }

    /// Whether each parameter sits on the diagonal.
    var isDiagonal: [Bool] { entries.map { $0.row == $0.column } }

    /// Writes Λ_t (column-major, k × k, zeros above the diagonal) from the full θ into `lambda`.
    func fill(_ lambda: UnsafeMutablePointer<Double>, from theta: UnsafePointer<Double>) {
        var position = thetaOffset
        for j in 0..<size {
            for i in 0..<j { lambda[i + j * size] = 0 }
            for i in j..<size {
                lambda[i + j * size] = theta[position]
                position += 1
            }
        }
    }

    /// Λ_t as a column-major array.
    func lambda(theta: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: size * size)
        theta.withUnsafeBufferPointer { t in
            result.withUnsafeMutableBufferPointer { l in fill(l.baseAddress!, from: t.baseAddress!) }
        }
        return result
    }
}
