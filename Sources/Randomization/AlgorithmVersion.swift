/// The version of every rule that turns a seed into allocations.
///
/// A list, a minimization decision or a design assessment is a pure function of
/// (scheme, parameters, seed, algorithm version). The version names, together:
/// - the generator: xoshiro256** 1.0, its 256-bit state filled with four successive SplitMix64
///   outputs of the stream seed (``Xoshiro256StarStar``);
/// - the bounded-integer mapping: Lemire's multiply-shift with rejection (``Xoshiro256StarStar/nextBounded(_:)``);
/// - the unit double: the top 53 bits times 2⁻⁵³ (``Xoshiro256StarStar/nextUnitDouble()``);
/// - Fisher–Yates from the last position down, the block-size draw and the arm template
///   (``PermutedBlockStream``), the complete-randomization draw, the minimization draw order;
/// - the stream derivation (``StreamKey``).
///
/// Changing any of these rules, even in a way that "only" reorders draws, requires a new version
/// string; generators keep accepting every version they list in ``supported`` so that a stored list
/// can always be regenerated and verified.
public enum AlgorithmVersion {
    /// The version new lists are generated with.
    public static let current = "xoshiro256**-lemire-v1"

    /// Every version this build can reproduce.
    public static let supported: [String] = [current]

    /// Throws ``RandomizationError/unsupportedAlgorithmVersion(_:supported:)`` unless `version`
    /// is one this build reproduces exactly.
    public static func require(_ version: String) throws(RandomizationError) {
        guard supported.contains(version) else {
            throw .unsupportedAlgorithmVersion(version, supported: supported)
        }
    }
}
