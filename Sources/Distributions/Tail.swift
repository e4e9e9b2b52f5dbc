/// Which tail of a distribution a probability refers to.
///
/// `.lower` is P(X ≤ x) (R's `lower.tail = TRUE`); `.upper` is P(X > x) (R's `lower.tail = FALSE`).
/// Asking for the upper tail directly keeps full relative precision where 1 − P(X ≤ x) would
/// round to 0: for the standard normal P(Z > 10) ≈ 7.6e-24, while 1 − P(Z ≤ 10) is exactly 0.
public enum Tail: Sendable, Equatable {
    /// P(X ≤ x).
    case lower
    /// P(X > x).
    case upper

    /// The flag R's math library expects for `lower_tail`.
    var rFlag: Int32 { self == .lower ? 1 : 0 }
}
