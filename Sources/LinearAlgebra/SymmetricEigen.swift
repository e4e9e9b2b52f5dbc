import CLapack

/// The eigen-decomposition A = V diag(λ) Vᵀ of a symmetric matrix (LAPACK `dsyevr`, lower triangle
/// read). Eigenvalues are in ascending order; column j of `vectors` belongs to `values[j]`.
public struct SymmetricEigen: Sendable {
    public let values: [Double]
    public let vectors: Matrix

    /// Decomposes `a`; with `computeVectors == false` only the eigenvalues are computed.
    public init(_ a: Matrix, computeVectors: Bool = true) throws {
        ensureBLASConfigured()
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dsyevr", detail: "the matrix is \(a.rows)×\(a.columns), not square")
        }
        let n = a.rows
        var work = a
        var values = [Double](repeating: 0, count: n)
        var vectors = Matrix(rows: computeVectors ? n : 0, columns: computeVectors ? n : 0)
        var support = [Int32](repeating: 0, count: 2 * Swift.max(n, 1))
        var found: Int32 = 0
        if n > 0 {
            let info = work.storage.withUnsafeMutableBufferPointer { pa in
                values.withUnsafeMutableBufferPointer { pw in
                    vectors.storage.withUnsafeMutableBufferPointer { pz in
                        support.withUnsafeMutableBufferPointer { ps in
                            LAPACKE_dsyevr(LAPACK_COL_MAJOR, lapackChar(computeVectors ? "V" : "N"),
                                           lapackChar("A"), lapackChar("L"), Int32(n), pa.baseAddress,
                                           Int32(n), 0, 0, 0, 0, 0, &found, pw.baseAddress,
                                           pz.baseAddress, Int32(computeVectors ? n : 1),
                                           ps.baseAddress)
                        }
                    }
                }
            }
            if info > 0 { throw LinearAlgebraError.noConvergence(operation: "dsyevr", info: Int(info)) }
            if info < 0 { throw argumentError("dsyevr", info) }
        }
        self.values = values
        self.vectors = vectors
    }
}
