import CLapack

/// Whether an operand enters a product as itself or transposed.
public enum Transpose: Sendable {
    case none
    case transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Matrix {
    /// The `n` × `n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result[i, i] = 1 }
        return result
    }

    /// Aᵀ.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns {
            for i in 0..<rows { result.storage[j + i * columns] = storage[i + j * rows] }
        }
        return result
    }

    /// The main diagonal.
    public var diagonal: [Double] {
        (0..<Swift.min(rows, columns)).map { self[$0, $0] }
    }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] {
        Array(storage[(j * rows)..<((j + 1) * rows)])
    }

    /// Copies the lower triangle onto the upper one (LAPACK routines fill only one triangle).
    public mutating func symmetrizeFromLower() {
        precondition(rows == columns, "symmetrizeFromLower needs a square matrix")
        for j in 0..<columns {
            for i in (j + 1)..<rows { storage[j + i * rows] = storage[i + j * rows] }
        }
    }

    /// `alpha · op(A) · op(B)` with BLAS `dgemm`.
    public static func product(_ a: Matrix, _ transA: Transpose = .none,
                               _ b: Matrix, _ transB: Transpose = .none,
                               alpha: Double = 1) throws -> Matrix {
        ensureBLASConfigured()
        let m = transA == .none ? a.rows : a.columns
        let k = transA == .none ? a.columns : a.rows
        let kB = transB == .none ? b.rows : b.columns
        let n = transB == .none ? b.columns : b.rows
        guard k == kB else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dgemm", detail: "op(A) is \(m)×\(k) but op(B) is \(kB)×\(n)")
        }
        var c = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return c }
        if k == 0 { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasColMajor, transA.cblas, transB.cblas,
                                Int32(m), Int32(n), Int32(k), alpha,
                                pa.baseAddress, Int32(Swift.max(1, a.rows)),
                                pb.baseAddress, Int32(Swift.max(1, b.rows)),
                                0, pc.baseAddress, Int32(Swift.max(1, m)))
                }
            }
        }
        return c
    }

    /// A · B (`dgemm`); the shapes must conform.
    public static func * (lhs: Matrix, rhs: Matrix) throws -> Matrix {
        try product(lhs, .none, rhs, .none)
    }

    /// The symmetric rank-k update `C ← alpha · op(A) op(A)ᵀ + beta · C` (`dsyrk`), with
    /// `op(A) = A` for `.none` (C = A Aᵀ) and `Aᵀ` for `.transposed` (C = AᵀA).
    /// Both triangles of the result are filled.
    public static func rankKUpdate(_ a: Matrix, _ trans: Transpose, alpha: Double = 1,
                                   beta: Double = 0, into c: inout Matrix) throws {
        ensureBLASConfigured()
        let n = trans == .none ? a.rows : a.columns
        let k = trans == .none ? a.columns : a.rows
        guard c.rows == n, c.columns == n else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dsyrk", detail: "C is \(c.rows)×\(c.columns) but the update is \(n)×\(n)")
        }
        if n == 0 { return }
        a.storage.withUnsafeBufferPointer { pa in
            c.storage.withUnsafeMutableBufferPointer { pc in
                cblas_dsyrk(CblasColMajor, CblasLower, trans.cblas, Int32(n), Int32(k),
                            alpha, pa.baseAddress, Int32(Swift.max(1, a.rows)),
                            beta, pc.baseAddress, Int32(Swift.max(1, n)))
            }
        }
        c.symmetrizeFromLower()
    }

    /// The cross-product AᵀA (`dsyrk`).
    public var crossProduct: Matrix {
        var c = Matrix(rows: columns, columns: columns)
        // Shapes always conform here.
        try! Matrix.rankKUpdate(self, .transposed, into: &c)
        return c
    }
}
