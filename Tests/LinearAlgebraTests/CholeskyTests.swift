import Foundation
import Testing
@testable import LinearAlgebra

/// A = L Lᵀ with the integral factor L = [[2,0,0,0],[1,3,0,0],[2,1,4,0],[1,2,1,5]], multiplied out
/// by hand: log det A = 2 log(2·3·4·5) = 2 log 120.
private let handFactor: [[Double]] = [[2, 0, 0, 0], [1, 3, 0, 0], [2, 1, 4, 0], [1, 2, 1, 5]]
private let handMatrix: [[Double]] = [[4, 2, 4, 2], [2, 10, 5, 7], [4, 5, 21, 8], [2, 7, 8, 31]]
/// Exact-arithmetic results are reproduced to a few ulps.
private let exactTolerance = 1e-12

func matrix(_ rows: [[Double]]) -> Matrix {
    var m = Matrix(rows: rows.count, columns: rows.first?.count ?? 0)
    for (i, row) in rows.enumerated() {
        for (j, value) in row.enumerated() { m[i, j] = value }
    }
    return m
}

func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    return zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
}

@Test func choleskyReproducesTheIntegralFactor() throws {
    let chol = try Cholesky(matrix(handMatrix))
    #expect(maxAbsDifference(chol.lower, matrix(handFactor)) < exactTolerance)
    #expect(chol.lower[0, 3] == 0, "the strict upper triangle must be zeroed")
}

@Test func choleskyLogDeterminantIsTwiceLogOf120() throws {
    let chol = try Cholesky(matrix(handMatrix))
    #expect(abs(chol.logDeterminant - 2 * log(120.0)) < exactTolerance)
}

@Test func choleskySolveRecoversTheHandSolution() throws {
    // A · (1, 2, 3, 4)ᵀ = (28, 65, 109, 164)ᵀ, multiplied out by hand.
    let x = try Cholesky(matrix(handMatrix)).solve([28, 65, 109, 164])
    for (observed, expected) in zip(x, [1.0, 2, 3, 4]) {
        #expect(abs(observed - expected) < exactTolerance)
    }
}

@Test func choleskyInverseTimesMatrixIsIdentity() throws {
    let a = matrix(handMatrix)
    let inverse = try Cholesky(a).inverse()
    #expect(maxAbsDifference(try a * inverse, .identity(4)) < exactTolerance)
    // (A⁻¹)₃₃ = 1 / L₃₃² = 1/25 because L is lower triangular and A⁻¹ = L⁻ᵀ L⁻¹.
    #expect(abs(inverse[3, 3] - 1.0 / 25) < exactTolerance)
}

@Test func nonPositiveDefiniteMatrixNamesTheLeadingMinor() {
    // Changing A₂₂ from 21 to 4 makes the third pivot 4 − (2² + 1²) = −1 < 0.
    var rows = handMatrix
    rows[2][2] = 4
    #expect(throws: LinearAlgebraError.notPositiveDefinite(operation: "dpotrf", leadingMinor: 3, order: 4)) {
        try Cholesky(matrix(rows))
    }
    let error = LinearAlgebraError.notPositiveDefinite(operation: "dpotrf", leadingMinor: 3, order: 4)
    #expect(error.description.contains("leading minor of order 3"))
}

@Test func nonSquareCholeskyIsADimensionError() {
    #expect(throws: LinearAlgebraError.self) { try Cholesky(Matrix(rows: 2, columns: 3)) }
}

@Test func nanInputIsReportedAsInvalidArgument() {
    var a = matrix(handMatrix)
    a[1, 1] = .nan
    #expect(throws: LinearAlgebraError.invalidArgument(operation: "dpotrf", argument: 4)) {
        try Cholesky(a)
    }
}
