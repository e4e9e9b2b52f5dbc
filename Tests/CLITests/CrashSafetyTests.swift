import Foundation
import GRDB
import Testing

/// SIGKILL at a random moment, then check that nothing was lost or half-written (the model is
/// SQLite's own crash testing: https://www.sqlite.org/testing.html#crash_testing).
///
/// Each run starts from a copy of the same database, kills the work after a delay drawn from
/// 0 ..< 1.1 × its measured duration (the shorter of two full runs) (seeded: TRIALKIT_CRASH_SEED), and then checks the copy with
/// `trialkit check` (SQLite integrity, foreign keys, audit chain, audit against data) and with
/// the scenario's own invariants. TRIALKIT_CRASH_RUNS (default 20; `make test-crash` 200) is
/// split over the two scenarios.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let participants = 120

    @Test("crf import killed at a random moment: all or nothing, audit intact")
    func importKilled() throws {
        let workspace = try Workspace()
        let setUp = Date()
        // The first 120 PEER participants: ~330 QPR-15 records × 16 fields, ~5,000 values.
        try workspace.crfTrial(limit: Self.participants)
        let ids = Set((1...Self.participants).map { String(format: "P%03d", $0) })
        try workspace.fixture("clean/qpr15.csv", as: "qpr15.csv") { _, cells in ids.contains(cells[0]) }
        try FileManager.default.copyItem(atPath: workspace.file("trial.sqlite"), toPath: workspace.file("template.sqlite"))
        let arguments = ["crf", "import", "qpr15.csv", "--form", "qpr15", "--db", "run.sqlite", "--user", "dina"]

        // The full import twice, to learn its size and (the shorter) duration.
        var duration = Double.infinity
        let started = Date()
        for _ in 1...2 {
            try workspace.reset("run.sqlite", from: "template.sqlite")
            let start = Date()
            let full = try workspace.trialkit(arguments)
            duration = min(duration, Date().timeIntervalSince(start))
            #expect(full.status == 0, "\(full)")
        }
        let values = try workspace.count("SELECT COUNT(*) FROM crf_value WHERE form = 'qpr15'", db: "run.sqlite")
        let events = try workspace.count("SELECT COUNT(*) FROM audit_event WHERE action = 'crf.import'", db: "run.sqlite")
        let queries = try workspace.count("SELECT COUNT(*) FROM query", db: "run.sqlite")
        #expect(values > 4_000, "the batch should be large: \(values) values")

        var clock = KillClock(seed: CrashSettings.seed)
        var tally = KillTally()
        var halfWritten = 0, failedChecks = 0
        let loopStart = Date()
        for run in 1...CrashSettings.runsPerScenario {
            try workspace.reset("run.sqlite", from: "template.sqlite")
            let delay = clock.delay(below: duration * 1.1)
            let process = try KillableProcess(arguments, in: workspace.path)
            Thread.sleep(forTimeInterval: delay)
            let locked = workspace.writerActive("run.sqlite")
            let wasRunning = process.kill()
            if !(try workspace.checkPasses("run.sqlite", as: "mona")) { failedChecks += 1 }
            let stored = try workspace.count("SELECT COUNT(*) FROM crf_value WHERE form = 'qpr15'", db: "run.sqlite")
            let audited = try workspace.count("SELECT COUNT(*) FROM audit_event WHERE action = 'crf.import'", db: "run.sqlite")
            let opened = try workspace.count("SELECT COUNT(*) FROM query", db: "run.sqlite")
            let committed = stored == values && audited == events && opened == queries
            let untouched = stored == 0 && audited == 0 && opened == 0
            if !committed && !untouched {
                halfWritten += 1
                Issue.record("run \(run) (kill after \(delay) s): \(stored) of \(values) values, \(audited) of \(events) events, \(opened) of \(queries) queries")
            }
            tally.add(!wasRunning ? .finished : locked ? .insideTransaction : committed ? .afterCommit : .beforeTransaction)
        }
        print("Crash harness, crf import of \(values) values (\(events) audit events, \(queries) queries), seed \(CrashSettings.seed): "
              + "\(CrashSettings.runsPerScenario) runs; kills: \(tally); half-written imports \(halfWritten); failed checks \(failedChecks). "
              + "(Setup \(Int(started.timeIntervalSince(setUp))) s, shortest full import \(String(format: "%.1f", duration)) s, \(String(format: "%.1f", Date().timeIntervalSince(loopStart) / Double(CrashSettings.runsPerScenario))) s per run.)")
        #expect(halfWritten == 0)
        #expect(failedChecks == 0)
    }

    static let workers = 4
    static let perWorker = 30

    @Test("A burst of concurrent randomize processes killed at a random moment: no slot lost or used twice")
    func randomizeKilled() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate()
        for worker in 0..<Self.workers {
            let rows = (0..<Self.perWorker).map { i in
                "K\(worker)-\(String(format: "%03d", i)),\(municipalities[(worker + i) % municipalities.count])"
            }
            try workspace.write("batch\(worker).csv", "participant_id,municipality\n" + rows.joined(separator: "\n") + "\n")
        }
        try FileManager.default.copyItem(atPath: workspace.file("trial.sqlite"), toPath: workspace.file("template.sqlite"))
        func burst() throws -> [KillableProcess] {
            try (0..<Self.workers).map { worker in
                try KillableProcess(["randomize", "--from-csv", "batch\(worker).csv", "--db", "run.sqlite", "--user", "tom"], in: workspace.path)
            }
        }

        var duration = Double.infinity
        for _ in 1...2 {
            try workspace.reset("run.sqlite", from: "template.sqlite")
            let start = Date()
            for process in try burst() { process.process.waitUntilExit() }
            duration = min(duration, Date().timeIntervalSince(start))
        }
        #expect(try workspace.count("SELECT COUNT(*) FROM allocation WHERE participant_id IS NOT NULL", db: "run.sqlite")
                == Self.workers * Self.perWorker)

        var clock = KillClock(seed: CrashSettings.seed ^ 0xB0B5)
        var tally = KillTally()
        var lost = 0, duplicated = 0, unmatched = 0, failedChecks = 0, randomized = 0
        for run in 1...CrashSettings.runsPerScenario {
            try workspace.reset("run.sqlite", from: "template.sqlite")
            let delay = clock.delay(below: duration * 1.1)
            let processes = try burst()
            Thread.sleep(forTimeInterval: delay)
            let locked = workspace.writerActive("run.sqlite")
            let running = processes.map { $0.kill() }.contains(true)
            if !(try workspace.checkPasses("run.sqlite", as: "mona")) { failedChecks += 1 }
            let problems = try Self.slotProblems(workspace)
            lost += problems.lost; duplicated += problems.duplicated; unmatched += problems.unmatched
            randomized += problems.allocated
            if problems.lost + problems.duplicated + problems.unmatched > 0 {
                Issue.record("run \(run) (kill after \(delay) s): \(problems)")
            }
            tally.add(!running ? .finished : locked ? .insideTransaction : .beforeTransaction)
        }
        print("Crash harness, randomize burst (\(Self.workers) processes × \(Self.perWorker) participants), seed \(CrashSettings.seed): "
              + "\(CrashSettings.runsPerScenario) runs, \(randomized) participants randomized in all; kills: \(tally); "
              + "lost slots \(lost), duplicate slots \(duplicated), participants without exactly one slot or event \(unmatched); failed checks \(failedChecks).")
        #expect(lost == 0 && duplicated == 0 && unmatched == 0 && failedChecks == 0)
    }

    /// Slot invariants after a crash: in each list the taken slots are exactly 1…k (a hole is a
    /// lost slot); no participant holds two slots and no slot two participants; randomization
    /// numbers run 1…n; every participant has exactly one slot and one `participant.randomize` event.
    static func slotProblems(_ workspace: Workspace) throws -> (lost: Int, duplicated: Int, unmatched: Int, allocated: Int) {
        try workspace.query("run.sqlite") { db in
            var lost = 0
            for list in try Int.fetchAll(db, sql: "SELECT id FROM allocation_list") {
                let taken = try Int.fetchAll(db, sql: "SELECT slot FROM allocation WHERE list_id = ? AND participant_id IS NOT NULL ORDER BY slot", arguments: [list])
                lost += taken.enumerated().filter { $0.offset + 1 != $0.element }.count
            }
            let allocated = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM allocation WHERE participant_id IS NOT NULL") ?? 0
            let distinct = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT participant_id) FROM allocation WHERE participant_id IS NOT NULL") ?? 0
            let numbers = try Int.fetchAll(db, sql: "SELECT randomization_number FROM allocation WHERE randomization_number IS NOT NULL ORDER BY 1")
            let duplicated = (allocated - distinct) + (numbers == Array(0..<numbers.count).map { $0 + 1 } ? 0 : 1)
            let participants = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM participant") ?? 0
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event WHERE action = 'participant.randomize'") ?? 0
            let unmatched = abs(participants - allocated) + abs(events - allocated)
            return (lost, duplicated, unmatched, allocated)
        }
    }
}
