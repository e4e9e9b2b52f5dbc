import CLapack

/// The QR factorisation A P = Q R of an m × n matrix (LAPACK `dgeqrf`, or `dgeqp3` with column
/// pivoting). Without pivoting P = I.
public struct QRDecomposition: Sendable {
    public let rows: Int
    public let columns: Int
    /// R above the diagonal and the Householder vectors below it, as LAPACK returns them.
    let packed: Matrix
    let tau: [Double]
    /// The column permutation P as 0-based indices: column j of A P is column `pivot[j]` of A.
    public let pivot: [Int]

    /// Factorises `a`; with `pivoting` the columns are reordered so |R₁₁| ≥ |R₂₂| ≥ … (`dgeqp3`).
    public init(_ a: Matrix, pivoting: Bool = false) throws {
        ensureBLASConfigured()
        let m = a.rows, n = a.columns
        var packed = a
        var tau = [Double](repeating: 0, count: Swift.min(m, n))
        var jpvt = [Int32](repeating: 0, count: n)
        if m > 0 && n > 0 {
            let info: Int32 = packed.storage.withUnsafeMutableBufferPointer { pa in
                tau.withUnsafeMutableBufferPointer { pt in
                    if pivoting {
                        return jpvt.withUnsafeMutableBufferPointer { pj in
                            LAPACKE_dgeqp3(LAPACK_COL_MAJOR, Int32(m), Int32(n), pa.baseAddress,
                                           Int32(m), pj.baseAddress, pt.baseAddress)
                        }
                    }
                    return LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), pa.baseAddress,
                                          Int32(m), pt.baseAddress)
                }
            }
            if info != 0 { throw argumentError(pivoting ? "dgeqp3" : "dgeqrf", info) }
        }
        self.rows = m
        self.columns = n
        self.packed = packed
        self.tau = tau
        self.pivot = pivoting && m > 0 ? jpvt.map { Int($0) - 1 } : Array(0..<n)
    }

    /// The upper-triangular (or trapezoidal) R, min(m, n) × n.
    public var r: Matrix {
        let k = Swift.min(rows, columns)
        var result = Matrix(rows: k, columns: columns)
        for j in 0..<columns {
            for i in 0..<Swift.min(j + 1, k) { result[i, j] = packed[i, j] }
        }
        return result
    }

    /// The thin Q, m × min(m, n), with orthonormal columns (`dorgqr`).
    public func q() throws -> Matrix {
        let k = Swift.min(rows, columns)
        var result = Matrix(rows: rows, columns: k)
        if k == 0 { return result }
        for j in 0..<k {
            for i in 0..<rows { result[i, j] = packed[i, j] }
        }
        let info = result.storage.withUnsafeMutableBufferPointer { pq in
            tau.withUnsafeBufferPointer { pt in
                LAPACKE_dorgqr(LAPACK_COL_MAJOR, Int32(rows), Int32(k), Int32(k), pq.baseAddress,
                               Int32(rows), pt.baseAddress)
            }
        }
        if info != 0 { throw argumentError("dorgqr", info) }
        return result
    }

    /// The numerical rank: the number of |Rᵢᵢ| above `tolerance` · |R₁₁| (meaningful with pivoting;
    /// 1e-7 is R's `qr()` default tolerance).
    public func rank(tolerance: Double = 1e-7) -> Int {
        let k = Swift.min(rows, columns)
        guard k > 0 else { return 0 }
        let first = Swift.abs(packed[0, 0])
        if first == 0 { return 0 }
        return (0..<k).filter { Swift.abs(packed[$0, $0]) > tolerance * first }.count
    }

    /// The least-squares solution of A x ≈ b for full-column-rank A (m ≥ n), via Qᵀb (`dormqr`)
    /// and a triangular solve with R; the pivoting is undone.
    public func solveLeastSquares(_ b: [Double]) throws -> [Double] {
        guard b.count == rows, rows >= columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dormqr", detail: "A is \(rows)×\(columns) but b has \(b.count) entries")
        }
        var qtb = b
        if columns == 0 { return [] }
        let info = packed.storage.withUnsafeBufferPointer { pa in
            tau.withUnsafeBufferPointer { pt in
                qtb.withUnsafeMutableBufferPointer { pb in
                    LAPACKE_dormqr(LAPACK_COL_MAJOR, lapackChar("L"), lapackChar("T"), Int32(rows), 1,
                                   Int32(columns), pa.baseAddress, Int32(rows), pt.baseAddress,
                                   pb.baseAddress, Int32(rows))
                }
            }
        }
        if info != 0 { throw argumentError("dormqr", info) }
        let z = try Matrix.solveTriangular(r, .upper, .none, Array(qtb[0..<columns]))
        var x = [Double](repeating: 0, count: columns)
        for j in 0..<columns { x[pivot[j]] = z[j] }
        return x
    }
}
