import Crypto
import Foundation

/// Lowercase hexadecimal SHA-256 digest (FIPS 180-4) of `bytes`.
///
/// The checksum identifies the exact protocol text a trial was run under: any edit,
/// even of whitespace or a comment, changes it.
func sha256Hex(_ bytes: Data) -> String {
    SHA256.hash(data: bytes).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}
