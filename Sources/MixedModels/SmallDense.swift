import Foundation

/// Kernels for the tiny dense blocks of the blocked Cholesky (k ≤ 4 typically). A LAPACK call
/// costs more than the arithmetic of a 2 × 2 block, so these run inline. All matrices are
/// column-major; `ld` is the leading dimension (rows of the enclosing array).
enum SmallDense {
    /// In-place lower Cholesky of the k × k matrix at `a` (only the lower triangle is read or
    /// written). Returns 0 on success, otherwise the 1-based order of the first leading minor
    /// that is not positive definite (LAPACK's `info` convention).
    @inline(__always)
    static func cholesky(_ a: UnsafeMutablePointer<Double>, _ k: Int, ld: Int) -> Int {
        for j in 0..<k {
            var d = a[j + j * ld]
            for c in 0..<j { d -= a[j + c * ld] * a[j + c * ld] }
            guard d > 0, d.isFinite else { return j + 1 }
            let root = d.squareRoot()
            a[j + j * ld] = root
            for i in (j + 1)..<max(k, j + 1) {
                var s = a[i + j * ld]
                for c in 0..<j { s -= a[i + c * ld] * a[j + c * ld] }
                a[i + j * ld] = s / root
            }
        }
        return 0
    }

    /// B ← B Λ for an r × k block B and a k × k lower-triangular Λ (in place, ascending columns).
    @inline(__always)
    static func multiplyRightByLower(_ b: UnsafeMutablePointer<Double>, rows r: Int, ld: Int,
                                     _ lambda: UnsafePointer<Double>, _ k: Int) {
        for j in 0..<k {
            let ljj = lambda[j + j * k]
            for row in 0..<r { b[row + j * ld] *= ljj }
            for i in (j + 1)..<max(k, j + 1) {
                let lij = lambda[i + j * k]
                if lij == 0 { continue }
                for row in 0..<r { b[row + j * ld] += b[row + i * ld] * lij }
            }
        }
    }

    /// B ← Λᵀ B for a k × c block B (rows contiguous within each column, leading dimension ld)
    /// and a k × k lower-triangular Λ (in place, ascending rows).
    @inline(__always)
    static func multiplyLeftByLowerTransposed(_ b: UnsafeMutablePointer<Double>, columns c: Int, ld: Int,
                                              _ lambda: UnsafePointer<Double>, _ k: Int) {
        for column in 0..<c {
            let base = b + column * ld
            for i in 0..<k {
                var s = lambda[i + i * k] * base[i]
                for a in (i + 1)..<max(k, i + 1) { s += lambda[a + i * k] * base[a] }
                base[i] = s
            }
        }
    }

    /// B ← B L⁻ᵀ (solves X Lᵀ = B) for an r × k block B and a lower-triangular L (leading dimension ldL).
    @inline(__always)
    static func solveRightLowerTransposed(_ b: UnsafeMutablePointer<Double>, rows r: Int, ld: Int,
                                          _ l: UnsafePointer<Double>, _ k: Int, ldL: Int) {
        for j in 0..<k {
            for i in 0..<j {
                let lji = l[j + i * ldL]
                if lji == 0 { continue }
                for row in 0..<r { b[row + j * ld] -= b[row + i * ld] * lji }
            }
            let inverse = 1 / l[j + j * ldL]
            for row in 0..<r { b[row + j * ld] *= inverse }
        }
    }

    /// x ← L⁻ᵀ x for a k × k lower-triangular L (back substitution with Lᵀ).
    @inline(__always)
    static func solveLowerTransposed(_ l: UnsafePointer<Double>, _ k: Int, ldL: Int,
                                     _ x: UnsafeMutablePointer<Double>) {
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = x[i]
            for a in (i + 1)..<max(k, i + 1) { s -= l[a + i * ldL] * x[a] }
            x[i] = s / l[i + i * ldL]
        }
    }

    /// C ← C − A Bᵀ for A (ra × k, leading dimension lda), B (rb × k, ldb), C (ra × rb, ldc).
    /// With A = B and `lowerOnly`, only the lower triangle of C is updated.
    @inline(__always)
    static func subtractProduct(_ a: UnsafePointer<Double>, rows ra: Int, lda: Int,
                                _ b: UnsafePointer<Double>, rows rb: Int, ldb: Int, inner k: Int,
                                into c: UnsafeMutablePointer<Double>, ldc: Int, lowerOnly: Bool = false) {
        for col in 0..<rb {
            for inner in 0..<k {
                let bv = b[col + inner * ldb]
                if bv == 0 { continue }
                let start = lowerOnly ? col : 0
                for row in start..<max(ra, start) { c[row + col * ldc] -= a[row + inner * lda] * bv }
            }
        }
    }
}
