import CCrypto
import Foundation

/// SHA-256 (FIPS 180-4), computed by OpenSSL's libcrypto (Debian `libssl-dev`).
///
/// Used for the audit trail's hash chain, protocol checksums, sealed-list commitments and the
/// digests of exports, analyses and backups. Only the one-shot digest is needed.
public enum SHA256 {
    /// The 32-byte digest of `data`.
    public static func hash(data: Data) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        data.withUnsafeBytes { buffer in
            _ = CCrypto.SHA256(buffer.bindMemory(to: UInt8.self).baseAddress, buffer.count, &digest)
        }
        return digest
    }
}

/// Lowercase hexadecimal SHA-256 digest of `bytes`; e.g. the checksum that identifies the exact
/// protocol text a trial was run under (any edit, even of whitespace, changes it).
public func sha256Hex(_ bytes: Data) -> String {
    SHA256.hash(data: bytes).map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}

/// Lowercase hexadecimal SHA-256 digest of the UTF-8 bytes of `text`.
public func sha256Hex(_ text: String) -> String {
    sha256Hex(Data(text.utf8))
}
