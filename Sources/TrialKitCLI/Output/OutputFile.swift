import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every file a command writes (exports, reports, simulated data, backups) goes through here.
///
/// The bytes are written to a temporary file (mode 0600) in the destination's directory, flushed
/// with `fsync`, and renamed into place, so a reader never sees a half-written file and a crash
/// leaves at most a stray `.name.tmp-…` file, never a truncated output. An existing destination is
/// refused unless `force` is true (then it is replaced atomically by the rename).
enum OutputFile {
    /// Writes `data` to `path` atomically; refuses an existing `path` unless `force`.
    static func write(_ data: Data, to path: String, force: Bool) throws {
        if !force, FileManager.default.fileExists(atPath: path) {
            throw CLIError.outputExists(path: path)
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
        let descriptor = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else {
            throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        var written = 0
        let failure: String? = data.withUnsafeBytes { buffer -> String? in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        }
        Glibc.close(descriptor)
        if let failure {
            unlink(temporary)
            throw CLIError.cannotWrite(path: path, reason: failure)
        }
        if !force {
            // link(2) fails with EEXIST if the destination appeared meanwhile: never clobber it.
            if Glibc.link(temporary, path) != 0 {
                let code = errno
                unlink(temporary)
                if code == EEXIST { throw CLIError.outputExists(path: path) }
                throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(code)))
            }
            unlink(temporary)
        } else if Glibc.rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw CLIError.cannotWrite(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Writes UTF-8 `text`; see ``write(_:to:force:)``.
    static func write(_ text: String, to path: String, force: Bool) throws {
        try write(Data(text.utf8), to: path, force: force)
    }
}
