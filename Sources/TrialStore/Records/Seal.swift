import Digest
import Foundation

/// Salted commitments that let the audit trail vouch for sealed values without revealing them.
///
/// Every allocation list has a `seal`: 16 random bytes (32 hex digits) from the operating system,
/// stored with the list and shown by no command. The audit trail records
/// `SHA-256(seal ‖ "\n" ‖ text)` instead of the seed or the slots. Without the seal, a reader of
/// the audit log cannot test guesses (a seed such as 20240917, or one of two arms) against the
/// hash; `audit verify`, which reads the seal, still detects any change to the sealed values.
enum Seal {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    static func commitment(seal: String, _ text: String) -> String {
        sha256Hex(seal + "\n" + text)
    }
}
