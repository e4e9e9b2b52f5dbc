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
        let (temporary, descriptor) = try createTemporary(for: path, force: force)
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
        try place(temporary, at: path, force: force)
    }

    /// For files another library writes by path (an SQLite backup): creates the empty temporary
    /// file (mode 0600), lets `produce` fill it by its path, flushes it and moves it into place as
    /// ``write(_:to:force:)`` does. The temporary file is removed when anything fails.
    static func write<Result>(to path: String, force: Bool, producing produce: (_ temporary: String) throws -> Result) throws -> Result {
        let (temporary, descriptor) = try createTemporary(for: path, force: force)
        Glibc.close(descriptor)
        let result: Result
        do {
            result = try produce(temporary)
        } catch {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
        let flushed = Glibc.open(temporary, O_RDONLY)
        let synced = flushed >= 0 && fsync(flushed) == 0
        let reason = String(cString: strerror(errno))
        if flushed >= 0 { Glibc.close(flushed) }
        guard synced else {
            unlink(temporary)
            throw CLIError.cannotWrite(path: path, reason: reason)
        }
        try place(temporary, at: path, force: force)
        return result
    }

    /// Refuses an existing `path` unless `force`; creates `.<name>.tmp-<pid>-<random>` beside it.
    private static func createTemporary(for path: String, force: Bool) throws -> (String, Int32) {
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
        return (temporary, descriptor)
    }

    /// Links (without `force`: never clobbering) or renames the finished `temporary` to `path`.
    private static func place(_ temporary: String, at path: String, force: Bool) throws {
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
