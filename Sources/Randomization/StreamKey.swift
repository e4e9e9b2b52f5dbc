/// Independent, named streams derived from one seed.
///
/// A stream is named by a list of text components (e.g. `["stratum", "site", "North", "sex",
/// "female"]`). Its generator is
///
///     Xoshiro256StarStar(seed: seed XOR FNV-1a-64(UTF-8(components joined by U+001F)))
///
/// i.e. the xoshiro state is four SplitMix64 outputs of the mixed seed. FNV-1a-64 (Fowler–Noll–Vo:
/// offset basis 0xCBF29CE484222325, prime 0x100000001B3, xor then multiply per byte) is used
/// only as a stable key → 64-bit map; the xor with the seed is a bijection, so different keys in
/// the same list always get different stream seeds, and SplitMix64's avalanche makes the four
/// state words of neighbouring seeds unrelated. Keys name strata by factor and level *names*,
/// so adding a level or a stratum never changes the list of an existing stratum.
public struct StreamKey: Sendable, Hashable, CustomStringConvertible {
    /// The key's parts; none may contain U+001F (the separator).
    public let components: [String]
    /// FNV-1a-64 of the UTF-8 bytes of the components joined by U+001F.
    public let hash: UInt64

    public init(_ components: [String]) {
        self.components = components
        hash = StreamKey.fnv1a64(components.joined(separator: "\u{1F}").utf8)
    }

    /// The generator for this stream under `seed`.
    public func generator(seed: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed ^ hash)
    }

    public var description: String { components.joined(separator: "/") }

    /// FNV-1a, 64-bit: h = 0xCBF29CE484222325; for each byte: h = (h XOR byte) · 0x100000001B3 mod 2⁶⁴.
    public static func fnv1a64<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// The stream of the stratum with these (factor, level) names, in protocol factor order.
    public static func stratum(_ levels: [(factor: String, level: String)]) -> StreamKey {
        StreamKey(["stratum"] + levels.flatMap { [$0.factor, $0.level] })
    }

    /// The stream of the minimization allocation with this 1-based sequence number, so that
    /// allocation n can be re-derived from (seed, n, the n − 1 earlier allocations) alone.
    public static func minimization(sequence: Int) -> StreamKey {
        StreamKey(["minimization", String(sequence)])
    }
}
