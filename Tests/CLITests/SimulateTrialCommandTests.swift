import Foundation
import Testing

/// `trialkit simulate-trial` on the built binary: the demo's flow (simulate participants,
/// randomize them from sealed lists, simulate CRFs for the real allocations, validate).
@Suite struct SimulateTrialCommandTests {
    static let forms = ["eligibility", "demographics", "qpr15", "wsas", "mansa", "esr", "shs", "gse"]

    @Test func filesForRealAllocationsValidateCleanAndPlantedErrorsAreReported() throws {
        let w = try Workspace()
        try w.initialize()
        for (name, role) in [("dina", "data-manager"), ("tom", "trial-manager"), ("stan", "statistician")] {
            #expect(try w.trialkit("user", "add", name, "--role", role, "--user", "alice").status == 0)
        }
        #expect(try w.trialkit("randomize", "generate", "--seed", "7", "--user", "stan").status == 0)
        let first = try w.trialkit("simulate-trial", "--protocol", peerProtocol, "--participants", "40", "--seed", "3", "--out", "recruited")
        #expect(first.status == 0, "\(first)")
        #expect(try w.trialkit("randomize", "--from-csv", "recruited/participants.csv", "--user", "tom").status == 0)
        let listed = try w.trialkit("randomize", "list", "--json", "--user", "stan")
        try w.write("allocations.json", listed.stdout)
        let simulated = try w.trialkit("simulate-trial", "--protocol", peerProtocol, "--seed", "3", "--allocations", "allocations.json",
                                       "--effect", "qpr15=5.1", "--with-errors", "--out", "crf", "--json")
        #expect(simulated.status == 0, "\(simulated)")
        let summary = try #require(try simulated.json() as? [String: Any])
        #expect(summary["participants"] as? Int == 40)

        for form in Self.forms {
            let outcome = try w.trialkit("crf", "validate", "crf/\(form).csv", "--form", form, "--json", "--user", "dina")
            #expect(outcome.status == 0, "\(form): \(outcome)")
            let report = try #require(try outcome.json() as? [String: Any])
            #expect((report["issues"] as? [Any])?.isEmpty == true, "\(form): \(outcome.stdout.prefix(600))")
        }
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.file("crf/manifest.json")))) as? [String: Any])
        let planted = try #require(manifest["planted_errors"] as? [[String: Any]])
        #expect(planted.count == 4)
        func issues(_ outcome: Outcome) throws -> [String] {
            let report = try #require(try outcome.json() as? [String: Any])
            return (report["issues"] as? [[String: Any]] ?? []).map { "\($0["line"]!) \($0["field"] ?? "") \($0["code"]!)" }.sorted()
        }
        let expected = planted.map { "\($0["line"]!) \($0["field"]!) \($0["code"]!)" }.sorted()
        let before = try w.trialkit("crf", "validate", "crf/errors/qpr15.csv", "--form", "qpr15", "--json", "--user", "dina")
        #expect(before.status == 65)
        #expect(try issues(before) == expected)
        // After the clean data are imported, the batch still gives exactly the planted issues.
        for form in ["eligibility", "qpr15"] {
            let imported = try w.trialkit("crf", "import", "crf/\(form).csv", "--form", form, "--user", "dina")
            #expect(imported.status == 0, "\(imported)")
        }
        let after = try w.trialkit("crf", "validate", "crf/errors/qpr15.csv", "--form", "qpr15", "--json", "--user", "dina")
        #expect(try issues(after) == expected)
    }

    @Test func sameSeedByteIdenticalAndExistingFilesRefused() throws {
        let w = try Workspace()
        let arguments = ["simulate-trial", "--protocol", exampleProtocol, "--participants", "30", "--seed", "9", "--with-errors"]
        #expect(try w.trialkit(arguments + ["--out", "a"]).status == 0)
        #expect(try w.trialkit(arguments + ["--out", "b"]).status == 0)
        let names = try FileManager.default.subpathsOfDirectory(atPath: w.file("a")).sorted()
        #expect(names == (try FileManager.default.subpathsOfDirectory(atPath: w.file("b")).sorted()))
        #expect(names.contains("phq9.csv") && names.contains("manifest.json") && names.contains("errors/phq9.csv"))
        for name in names where name.hasSuffix(".csv") || name.hasSuffix(".json") {
            #expect(FileManager.default.contents(atPath: w.file("a/" + name)) == FileManager.default.contents(atPath: w.file("b/" + name)), "\(name)")
        }
        let before = FileManager.default.contents(atPath: w.file("a/phq9.csv"))
        let refused = try w.trialkit(arguments.dropLast() + ["--seed", "10", "--out", "a"])
        #expect(refused.status == 73, "\(refused)")
        #expect(FileManager.default.contents(atPath: w.file("a/phq9.csv")) == before)
        #expect(try w.trialkit(arguments + ["--out", "a", "--force"]).status == 0)
    }

    @Test func usageErrors() throws {
        let w = try Workspace()
        let base = ["simulate-trial", "--protocol", peerProtocol, "--seed", "1"]
        #expect(try w.trialkit(base).status == 64)
        #expect(try w.trialkit(base + ["--out", "x", "--effect", "qpr15"]).status == 64)
        let unknown = try w.trialkit(base + ["--out", "x", "--effect", "qpr16=2"])
        #expect(unknown.status == 64 && unknown.stderr.contains("qpr16"), "\(unknown)")
        #expect(try w.trialkit(base + ["--out", "x", "--dropout", "1.5"]).status == 64)
        #expect(try w.trialkit(base + ["--power", "--out", "x"]).status == 64)
        #expect(try w.trialkit(base + ["--out", "x", "--allocations", "missing.json"]).status == 66)
        #expect(!FileManager.default.fileExists(atPath: w.file("x")))
    }

    @Test func powerJSONOnStdoutProgressLinesOnStderr() throws {
        let w = try Workspace()
        let outcome = try w.trialkit("simulate-trial", "--protocol", peerProtocol, "--seed", "5", "--power", "--runs", "4",
                                     "--effect", "qpr15=5.1", "--sd", "11.9", "--json")
        #expect(outcome.status == 0, "\(outcome)")
        let result = try #require(try outcome.json() as? [String: Any])
        #expect(result["runs"] as? Int == 4 && result["analysed"] as? Int == 4)
        let arm = try #require((result["arms"] as? [[String: Any]])?.first)
        #expect(arm["arm"] as? String == "PEER")
        #expect((arm["approximation"] as? [String: Any])?["power"] is Double)
        #expect(!outcome.stderr.contains("\r"))
        #expect(outcome.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("Simulated ") })
    }
}
