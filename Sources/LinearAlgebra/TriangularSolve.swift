import CLapack

/// Which triangle of a triangular matrix holds its entries.
public enum Triangle: Sendable {
    case lower
    case upper

    var cblas: CBLAS_UPLO { self == .lower ? CblasLower : CblasUpper }
}

/// Whether the unknown multiplies the triangular matrix from the left (T X = B) or right (X T = B).
public enum Side: Sendable {
    case left
    case right

    var cblas: CBLAS_SIDE { self == .left ? CblasLeft : CblasRight }
}

extension Matrix {
    /// Solves op(T) X = alpha B (`side == .left`) or X op(T) = alpha B (`.right`) with BLAS `dtrsm`,
    /// T triangular (only `triangle` is read). Throws `.singular` when T has a zero diagonal.
    public static func solveTriangular(_ t: Matrix, _ triangle: Triangle, _ trans: Transpose = .none,
                                       side: Side = .left, unitDiagonal: Bool = false,
                                       _ b: Matrix, alpha: Double = 1) throws -> Matrix {
        ensureBLASConfigured()
        guard t.rows == t.columns else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dtrsm", detail: "T is \(t.rows)×\(t.columns), not square")
        }
        let needed = side == .left ? b.rows : b.columns
        guard needed == t.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dtrsm", detail: "T is \(t.rows)×\(t.rows) but B is \(b.rows)×\(b.columns)")
        }
        if !unitDiagonal, let zero = (0..<t.rows).first(where: { t[$0, $0] == 0 }) {
            throw LinearAlgebraError.singular(operation: "dtrsm", index: zero + 1)
        }
        var x = b
        if b.rows == 0 || b.columns == 0 { return x }
        t.storage.withUnsafeBufferPointer { pt in
            x.storage.withUnsafeMutableBufferPointer { px in
                cblas_dtrsm(CblasColMajor, side.cblas, triangle.cblas, trans.cblas,
                            unitDiagonal ? CblasUnit : CblasNonUnit,
                            Int32(b.rows), Int32(b.columns), alpha,
                            pt.baseAddress, Int32(t.rows), px.baseAddress, Int32(b.rows))
            }
        }
        return x
    }

    /// Solves op(T) x = b for a vector with BLAS `dtrsv`.
    public static func solveTriangular(_ t: Matrix, _ triangle: Triangle, _ trans: Transpose = .none,
                                       unitDiagonal: Bool = false, _ b: [Double]) throws -> [Double] {
        ensureBLASConfigured()
        guard t.rows == t.columns, b.count == t.rows else {
            throw LinearAlgebraError.dimensionMismatch(
                operation: "dtrsv", detail: "T is \(t.rows)×\(t.columns) but b has \(b.count) entries")
        }
        if !unitDiagonal, let zero = (0..<t.rows).first(where: { t[$0, $0] == 0 }) {
            throw LinearAlgebraError.singular(operation: "dtrsv", index: zero + 1)
        }
        var x = b
        if b.isEmpty { return x }
        t.storage.withUnsafeBufferPointer { pt in
            x.withUnsafeMutableBufferPointer { px in
                cblas_dtrsv(CblasColMajor, triangle.cblas, trans.cblas,
                            unitDiagonal ? CblasUnit : CblasNonUnit,
                            Int32(t.rows), pt.baseAddress, Int32(t.rows), px.baseAddress, 1)
            }
        }
        return x
    }
}
