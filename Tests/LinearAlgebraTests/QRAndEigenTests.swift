import Foundation
import Testing
@testable import LinearAlgebra

private let roundingTolerance = 1e-12

@Test func qrFactorsReproduceTheMatrix() throws {
    let a = matrix([[1, 2], [3, 4], [5, 6]])
    let qr = try QRDecomposition(a)
    let q = try qr.q()
    #expect(maxAbsDifference(try q * qr.r, a) < roundingTolerance)
    #expect(maxAbsDifference(try Matrix.product(q, .transposed, q), .identity(2)) < roundingTolerance)
    // |R₁₁| = ‖first column‖ = √35; |R₂₂| = |det of the 2×2 Gram| / ... computed by hand:
    // Gram = [[35, 44], [44, 56]], det = 24, so |R₁₁ R₂₂| = √24.
    #expect(abs(abs(qr.r[0, 0]) - sqrt(35)) < roundingTolerance)
    #expect(abs(abs(qr.r[0, 0] * qr.r[1, 1]) - sqrt(24)) < roundingTolerance)
    #expect(qr.r[1, 0] == 0)
}

@Test func pivotedQRFindsTheRankOfAnAliasedDesign() throws {
    // Third column = first + second.
    let a = matrix([[1, 1, 2], [1, 2, 3], [1, 3, 4], [1, 4, 5]])
    let qr = try QRDecomposition(a, pivoting: true)
    #expect(qr.rank() == 2)
    #expect(Set(qr.pivot) == [0, 1, 2])
    #expect(try QRDecomposition(matrix([[1, 0], [0, 1], [1, 1]]), pivoting: true).rank() == 2)
}

@Test func leastSquaresRecoversAnExactLine() throws {
    // y = 1 + 2x at x = 0…3.
    let x = matrix([[1, 0], [1, 1], [1, 2], [1, 3]])
    for pivoting in [false, true] {
        let beta = try QRDecomposition(x, pivoting: pivoting).solveLeastSquares([1, 3, 5, 7])
        #expect(abs(beta[0] - 1) < roundingTolerance && abs(beta[1] - 2) < roundingTolerance)
    }
}

@Test func symmetricEigenOfATwoByTwo() throws {
    // [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors (1,−1)/√2 and (1,1)/√2.
    let eigen = try SymmetricEigen(matrix([[2, 1], [1, 2]]))
    #expect(abs(eigen.values[0] - 1) < roundingTolerance)
    #expect(abs(eigen.values[1] - 3) < roundingTolerance)
    #expect(abs(abs(eigen.vectors[0, 1]) - 1 / sqrt(2)) < roundingTolerance)
    #expect(abs(eigen.vectors[0, 1] - eigen.vectors[1, 1]) < roundingTolerance)
    #expect(abs(eigen.vectors[0, 0] + eigen.vectors[1, 0]) < roundingTolerance)
}

@Test func symmetricEigenReconstructsTheMatrix() throws {
    let a = matrix([[4, 2, 4, 2], [2, 10, 5, 7], [4, 5, 21, 8], [2, 7, 8, 31]])
    let eigen = try SymmetricEigen(a)
    #expect(eigen.values == eigen.values.sorted())
    // The product of the eigenvalues is det A = 120².
    #expect(abs(eigen.values.reduce(1, *) - 14400) < 1e-8)
    var scaled = eigen.vectors
    for j in 0..<4 { for i in 0..<4 { scaled[i, j] *= eigen.values[j] } }
    let reconstructed = try Matrix.product(scaled, .none, eigen.vectors, .transposed)
    #expect(maxAbsDifference(reconstructed, a) < 1e-11)
    #expect(try SymmetricEigen(a, computeVectors: false).values.count == 4)
}
