/// A failure reported by LAPACK or detected before calling it, with the operation that failed.
///
/// Every non-zero LAPACK `info` is translated into one of these cases, so a caller can tell a
/// matrix that is not positive definite (and where it stops being so) from a programming error.
public enum LinearAlgebraError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `dpotrf`: the leading minor of order `leadingMinor` (1-based) is not positive definite,
    /// so the Cholesky factorisation of the `order` × `order` matrix could not be completed.
    case notPositiveDefinite(operation: String, leadingMinor: Int, order: Int)
    /// A triangular factor has an exact zero on its diagonal at `index` (1-based), so it
    /// cannot be inverted (`dpotri`, `dtrtrs`).
    case singular(operation: String, index: Int)
    /// The operands' shapes do not fit together.
    case dimensionMismatch(operation: String, detail: String)
    /// LAPACK rejected argument `argument` (1-based, LAPACKE numbering); LAPACKE also uses this
    /// code when an input matrix contains NaN.
    case invalidArgument(operation: String, argument: Int)
    /// An iterative routine (`dsyevr`) did not converge; `info` is LAPACK's code.
    case noConvergence(operation: String, info: Int)
    /// LAPACKE could not allocate its workspace.
    case outOfMemory(operation: String)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(operation, minor, order):
            return "\(operation): the \(order)×\(order) matrix is not positive definite "
                + "(its leading minor of order \(minor) is not positive); check the input for "
                + "collinear or constant columns."
        case let .singular(operation, index):
            return "\(operation): the triangular factor is singular (diagonal element \(index) "
                + "is zero); the matrix cannot be inverted."
        case let .dimensionMismatch(operation, detail):
            return "\(operation): dimensions do not match (\(detail))."
        case let .invalidArgument(operation, argument):
            return "\(operation): LAPACK rejected argument \(argument) "
                + "(an invalid value, or the input contains NaN)."
        case let .noConvergence(operation, info):
            return "\(operation): the algorithm did not converge (LAPACK info \(info))."
        case let .outOfMemory(operation):
            return "\(operation): LAPACK could not allocate its workspace."
        }
    }
}

/// LAPACKE's codes for allocation failures (lapacke.h).
private let lapackWorkMemoryError: Int32 = -1010
private let lapackTransposeMemoryError: Int32 = -1011

/// Translates a negative LAPACKE `info` (argument error or allocation failure).
func argumentError(_ operation: String, _ info: Int32) -> LinearAlgebraError {
    if info == lapackWorkMemoryError || info == lapackTransposeMemoryError {
        return .outOfMemory(operation: operation)
    }
    return .invalidArgument(operation: operation, argument: Int(-info))
}
