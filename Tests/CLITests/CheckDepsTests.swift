import Foundation
import Testing

/// `make check-deps` (scripts/check-deps.sh) must pass on the real tree and fail on a planted
/// forbidden import.
@Suite("Dependency check")
struct CheckDepsTests {
    let script = packageRoot + "/scripts/check-deps.sh"

    @Test("The real source tree passes")
    func realTree() throws {
        let outcome = try runProcess("/bin/bash", [script], in: packageRoot)
        #expect(outcome.status == 0, "\(outcome)")
    }

    @Test("A planted forbidden import fails and names the file", arguments: [
        ("MixedModels", "GRDB"), ("TrialCore", "TrialStore"), ("TrialStore", "ArgumentParser"),
    ])
    func planted(module: String, forbidden: String) throws {
        let workspace = try Workspace()
        let sources = workspace.file("Sources")
        try FileManager.default.copyItem(atPath: packageRoot + "/Sources", toPath: sources)
        let directory = sources + "/" + module
        let victim = try #require(try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".swift") }.sorted().first)
        let path = directory + "/" + victim
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try ("import \(forbidden)\n" + original).write(toFile: path, atomically: true, encoding: .utf8)

        let outcome = try runProcess("/bin/bash", [script, sources], in: workspace.path)
        #expect(outcome.status != 0, "\(outcome)")
        #expect(outcome.stderr.contains("\(victim):1: \(module) may not import \(forbidden)"), "\(outcome)")

        // The same copy without the planted line passes again.
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try runProcess("/bin/bash", [script, sources], in: workspace.path).status == 0)
    }
}
