import CLapack
import Foundation

/// The Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Only the lower triangle of A is read. `lower` holds L with zeros above the diagonal.
public struct Cholesky: Sendable, Equatable {
    /// The lower-triangular factor L (zeros above the diagonal).
    public let lower: Matrix

    public var order: Int { lower.rows }

    /// Factorises `a`. Throws `LinearAlgebraError.notPositiveDefinite` naming the first leading
    /// minor that is not positive definite (LAPACK `info > 0`).
    public init(_ a: Matrix) throws {
        ensureBLASConfigured()
        guard a.rows == a.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dpotrf", detail: "the matrix is \(a.rows)×\(a.columns), not square")
        }
        var factor = a
        let n = a.rows
        if n > 0 {
            let info = factor.storage.withUnsafeMutableBufferPointer { p in
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, lapackChar("L"), Int32(n), p.baseAddress, Int32(n))
            }
            if info > 0 {
                throw LinearAlgebraError.notPositiveDefinite(
                    operation: "dpotrf", leadingMinor: Int(info), order: n)
            }
            if info < 0 { throw argumentError("dpotrf", info) }
        }
        for j in 0..<n {
            for i in 0..<j { factor[i, j] = 0 }
        }
        self.lower = factor
    }

    /// Wraps an existing lower-triangular factor (used when L was computed elsewhere).
    public init(lowerFactor: Matrix) {
        precondition(lowerFactor.rows == lowerFactor.columns, "A Cholesky factor must be square")
        self.lower = lowerFactor
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    public var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<order { sum += log(lower[i, i]) }
        return 2 * sum
    }

    /// Solves A X = B for X (`dpotrs`).
    public func solve(_ b: Matrix) throws -> Matrix {
        guard b.rows == order else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dpotrs", detail: "A is \(order)×\(order) but B has \(b.rows) rows")
        }
        var x = b
        if order == 0 || b.columns == 0 { return x }
        let info = lower.storage.withUnsafeBufferPointer { pl in
            x.storage.withUnsafeMutableBufferPointer { px in
                LAPACKE_dpotrs(LAPACK_COL_MAJOR, lapackChar("L"), Int32(order), Int32(b.columns),
                               pl.baseAddress, Int32(order), px.baseAddress, Int32(order))
            }
        }
        if info != 0 { throw argumentError("dpotrs", info) }
        return x
    }

    /// Solves A x = b for a vector.
    public func solve(_ b: [Double]) throws -> [Double] {
        try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).storage
    }

    /// A⁻¹ = L⁻ᵀ L⁻¹ from the factor (`dpotri`), both triangles filled.
    public func inverse() throws -> Matrix {
        var result = lower
        if order == 0 { return result }
        let info = result.storage.withUnsafeMutableBufferPointer { p in
            LAPACKE_dpotri(LAPACK_COL_MAJOR, lapackChar("L"), Int32(order), p.baseAddress, Int32(order))
        }
        if info > 0 { throw LinearAlgebraError.singular(operation: "dpotri", index: Int(info)) }
        if info < 0 { throw argumentError("dpotri", info) }
        result.symmetrizeFromLower()
        return result
    }
}
