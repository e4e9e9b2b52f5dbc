import LinearAlgebra

/// Finds aliased fixed-effects columns the way lme4 does before fitting.
///
/// lme4's `chkRank.drop.cols` (lme4 R/lmer.R; default `check.rankX = "message+drop.cols"`)
/// calls R's `qr(X, tol = 1e-7, LAPACK = FALSE)`, i.e. LINPACK `dqrdc2`: a Householder QR
/// that keeps the original column order except that a column whose remaining norm — its norm
/// after projecting out the columns already accepted — falls below `tol` times its original
/// norm is moved to the end. The rank is the number of accepted columns (at most n), and
/// lme4 keeps exactly those, in their original order, dropping the later aliased ones.
///
/// Here the remaining norm is computed exactly at each step rather than by dqrdc2's norm
/// downdating; both measure the same quantity. A column of zeros is always dropped.
enum RankDeficiency {
    /// lme4's default tolerance for `chkRank.drop.cols`.
    static let tolerance = 1e-7

    /// The indices of the columns to keep, increasing.
    static func keptColumns(of matrix: Matrix, tolerance: Double = RankDeficiency.tolerance) -> [Int] {
        let n = matrix.rows
        var reflections: [(start: Int, vector: [Double], beta: Double)] = []
        var kept: [Int] = []
        for j in 0..<matrix.columns {
            guard kept.count < n else { break }
            var column = Array(matrix.storage[(j * n)..<((j + 1) * n)])
            let originalNorm = norm(column[...])
            for reflection in reflections { apply(reflection, to: &column) }
            let start = kept.count
            let remaining = norm(column[start...])
            let reference = originalNorm == 0 ? 1 : originalNorm
            guard remaining >= tolerance * reference, remaining > 0 else { continue }
            kept.append(j)
            if start < n - 1 { reflections.append(householder(column, start: start, norm: remaining)) }
        }
        return kept
    }

    private static func norm(_ values: ArraySlice<Double>) -> Double {
        let scale = values.reduce(0) { max($0, abs($1)) }
        guard scale > 0 else { return 0 }
        return scale * values.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot()
    }

    /// The reflection `I - beta v v'` that maps `column[start...]` onto a multiple of e₁.
    private static func householder(_ column: [Double], start: Int,
                                    norm: Double) -> (start: Int, vector: [Double], beta: Double) {
        var vector = Array(column[start...])
        let alpha = vector[0] >= 0 ? norm : -norm
        vector[0] += alpha
        let squared = vector.reduce(0) { $0 + $1 * $1 }
        return (start, vector, squared == 0 ? 0 : 2 / squared)
    }

    private static func apply(_ reflection: (start: Int, vector: [Double], beta: Double),
                              to column: inout [Double]) {
        var dot = 0.0
        for (offset, v) in reflection.vector.enumerated() { dot += v * column[reflection.start + offset] }
        let scale = reflection.beta * dot
        for (offset, v) in reflection.vector.enumerated() { column[reflection.start + offset] -= scale * v }
    }
}
