import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Settings of the crash harness, from the environment (`make test-crash` sets 200 runs).
enum CrashSettings {
    /// Runs per scenario: TRIALKIT_CRASH_RUNS split over the two scenarios (default 20 in all).
    static var runsPerScenario: Int {
        let total = ProcessInfo.processInfo.environment["TRIALKIT_CRASH_RUNS"].flatMap(Int.init) ?? 20
        return max(1, (total + 1) / 2)
    }

    /// The seed of the kill moments (TRIALKIT_CRASH_SEED); a failing run is replayed with it.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["TRIALKIT_CRASH_SEED"].flatMap(UInt64.init) ?? 20_261_123
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator for the kill moments.
struct KillClock {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A delay drawn uniformly from 0 ..< `limit` seconds.
    mutating func delay(below limit: Double) -> Double {
        Double(next() >> 11) / Double(1 << 53) * limit
    }
}

/// Where a kill fell, judged by a probe of SQLite's write lock just before the signal and by
/// what the database holds afterwards.
enum KillPoint: String, CaseIterable {
    /// The process had finished before the signal.
    case finished = "finished before the kill"
    /// No writer held the lock and the interrupted work was not committed: still validating,
    /// or (in a burst of single-row transactions) between two rows.
    case beforeTransaction = "outside a transaction"
    /// A writer held the lock: killed inside the write transaction.
    case insideTransaction = "inside a transaction"
    /// Nobody held the lock and the work was committed.
    case afterCommit = "after commit"
}

/// A started `trialkit` process that can be killed.
final class KillableProcess {
    let process = Process()

    init(_ arguments: [String], in directory: String) throws {
        process.executableURL = URL(fileURLWithPath: trialkitBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TRIALKIT_") }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// SIGKILL (no chance to clean up), then reap; true when the process was still running.
    @discardableResult
    func kill() -> Bool {
        let running = process.isRunning
        if running { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return running
    }
}

extension Workspace {
    /// True when some connection holds the write lock of `name` now: `BEGIN IMMEDIATE` with no
    /// busy timeout fails. The probe's own transaction is rolled back at once.
    func writerActive(_ name: String) -> Bool {
        do {
            let queue = try DatabaseQueue(path: file(name))
            defer { try? queue.close() }
            return try queue.writeWithoutTransaction { db -> Bool in
                do {
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    try db.execute(sql: "ROLLBACK")
                    return false
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
                    return true
                }
            }
        } catch {
            return false
        }
    }

    /// Replaces `name` (and its -wal/-shm) with a copy of `template`.
    func reset(_ name: String, from template: String) throws {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: file(name + suffix)) }
        try FileManager.default.copyItem(atPath: file(template), toPath: file(name))
    }

    /// `trialkit check --json` on `name`; the parsed result, or nil with the outcome recorded.
    func checkPasses(_ name: String, as user: String) throws -> Bool {
        let outcome = try trialkit("check", "--json", "--db", name, "--user", user)
        let passed = (try? outcome.json() as? [String: Any])?["passed"] as? Bool == true
        if !passed || outcome.status != 0 { Issue.record("trialkit check failed on \(name): \(outcome)") }
        return passed && outcome.status == 0
    }
}

/// Counts per kill point, printed at the end of a scenario.
struct KillTally: CustomStringConvertible {
    var counts: [KillPoint: Int] = [:]
    mutating func add(_ point: KillPoint) { counts[point, default: 0] += 1 }
    var description: String {
        KillPoint.allCases.map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
}
