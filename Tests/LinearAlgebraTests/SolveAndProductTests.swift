import Foundation
import Testing
@testable import LinearAlgebra

private let exactTolerance = 1e-12
private let factor = matrix([[2, 0, 0, 0], [1, 3, 0, 0], [2, 1, 4, 0], [1, 2, 1, 5]])

@Test func lowerTriangularVectorSolve() throws {
    // L · (1, 1, 1, 1)ᵀ = row sums = (2, 4, 7, 9)ᵀ.
    let x = try Matrix.solveTriangular(factor, .lower, .none, [2, 4, 7, 9])
    #expect(x.allSatisfy { abs($0 - 1) < exactTolerance })
}

@Test func transposedTriangularVectorSolve() throws {
    // Lᵀ · (1, 1, 1, 1)ᵀ = column sums = (6, 6, 5, 5)ᵀ.
    let x = try Matrix.solveTriangular(factor, .lower, .transposed, [6, 6, 5, 5])
    #expect(x.allSatisfy { abs($0 - 1) < exactTolerance })
}

@Test func rightSideTriangularMatrixSolve() throws {
    // X Lᵀ = B with X = [[1,0,0,0],[0,1,0,0]] gives B = the first two rows of Lᵀ.
    let b = matrix([[2, 1, 2, 1], [0, 3, 1, 2]])
    let x = try Matrix.solveTriangular(factor, .lower, .transposed, side: .right, b)
    #expect(maxAbsDifference(x, matrix([[1, 0, 0, 0], [0, 1, 0, 0]])) < exactTolerance)
}

@Test func singularTriangleIsReported() {
    var t = factor
    t[2, 2] = 0
    #expect(throws: LinearAlgebraError.singular(operation: "dtrsv", index: 3)) {
        try Matrix.solveTriangular(t, .lower, .none, [1, 1, 1, 1])
    }
}

@Test func matrixProductByHand() throws {
    let a = matrix([[1, 2, 3], [4, 5, 6]])
    let b = matrix([[7, 8], [9, 10], [11, 12]])
    #expect(try a * b == matrix([[58, 64], [139, 154]]))
    #expect(try Matrix.product(a, .transposed, a, .none) == matrix([[17, 22, 27], [22, 29, 36], [27, 36, 45]]))
    #expect(throws: LinearAlgebraError.self) { try a * a }
}

@Test func rankKUpdateMatchesTheProduct() throws {
    let factorTimesTranspose = try Matrix.product(factor, .none, factor, .transposed)
    var c = Matrix(rows: 4, columns: 4)
    try Matrix.rankKUpdate(factor, .none, into: &c)
    #expect(maxAbsDifference(c, factorTimesTranspose) < exactTolerance)
    #expect(maxAbsDifference(factor.crossProduct, try Matrix.product(factor, .transposed, factor)) < exactTolerance)
}
