import Foundation
import Testing

/// Files TrialKit makes: private modes, no silent overwrite, UTC times.
@Suite("File safety")
struct FileSafetyTests {
    static func mode(_ path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue
    }

    @Test("The database and its -wal and -shm files are readable by their owner only")
    func privateModes() throws {
        let workspace = try Workspace()
        try workspace.setUpTrial()
        try workspace.generate()
        #expect(Self.mode(workspace.file("trial.sqlite")) == 0o600)
        let rows = (1...150).map { "W\(String(format: "%03d", $0)),\(municipalities[$0 % 5])" }
        try workspace.write("batch.csv", "participant_id,municipality\n" + rows.joined(separator: "\n") + "\n")
        let process = try KillableProcess(["randomize", "--from-csv", "batch.csv", "--user", "tom"], in: workspace.path)
        var seen: [String: Int] = [:]
        while process.process.isRunning, seen.count < 2 {
            for suffix in ["-wal", "-shm"] where seen[suffix] == nil {
                if let mode = Self.mode(workspace.file("trial.sqlite" + suffix)) { seen[suffix] = mode }
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        process.process.waitUntilExit()
        #expect(seen == ["-wal": 0o600, "-shm": 0o600], "modes seen while the database was open: \(seen)")
        #expect(Self.mode(workspace.file("trial.sqlite")) == 0o600)
    }

    @Test("Audit times are UTC whatever the machine's time zone")
    func utcTimes() throws {
        let workspace = try Workspace()
        try workspace.initialize()
        let before = Date()
        #expect(try workspace.trialkit(["user", "add", "zoe", "--role", "monitor", "--user", "alice"],
                                       environment: ["TZ": "Pacific/Chatham"]).status == 0)
        let events = try #require(try workspace.trialkit(["audit", "log", "--json", "--user", "alice"],
                                                         environment: ["TZ": "America/Los_Angeles"]).json() as? [[String: Any]])
        let stamp = try #require(events.last?["occurred_at"] as? String)
        #expect(stamp.firstMatch(of: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) != nil, "\(stamp)")
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let instant = try #require(parser.date(from: stamp))
        #expect(abs(instant.timeIntervalSince(before)) < 120, "\(stamp) is not the current UTC time")
    }

    /// Every file a command writes goes through OutputFile (temporary name, fsync, rename, 0600,
    /// refusal without --force); the database through TrialStore. A new direct write fails here.
    @Test("No command writes a file except through OutputFile")
    func writesGoThroughOutputFile() throws {
        let sources = packageRoot + "/Sources/TrialKitCLI"
        let forbidden = ["write(to:", "write(toFile:", "createFile(atPath", "FileHandle(forWriting", "fopen(", "O_CREAT", "copyItem(", "moveItem("]
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 20)
        for file in files where !file.hasSuffix("OutputFile.swift") {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
                .replacingOccurrences(of: "OutputFile.write(", with: "")
            for pattern in forbidden {
                #expect(!text.contains(pattern), "\(file) writes a file with \(pattern); use OutputFile.write(…, force:)")
            }
        }
    }
}
