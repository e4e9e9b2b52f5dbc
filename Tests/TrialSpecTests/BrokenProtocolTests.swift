import Foundation
import Testing
@testable import TrialSpec

/// `fixtures/protocols/broken.yaml` holds many kinds of mistake; the loader reports all of
/// them, in file order, each at its own line and column.
@Suite struct BrokenProtocolTests {
    /// (line, column, fragment of the message) for every problem, in order.
    static let expected: [(Int, Int, String)] = [
        (5, 3, "`trial` is missing required key `title`"),
        (6, 3, "unknown key `titel` in `trial`; did you mean `title`?"),
        (7, 23, "`target_sample_size` must be a whole number, not the quoted text `296`"),
        (17, 37, "duplicate level `København` in stratification factor `municipality` (first defined at line 17, column 14)"),
        (21, 3, "`seed` is not allowed in a protocol"),
        (23, 5, "block size probabilities sum to 0.9, not 1"),
        (23, 14, "block size 3 is not a multiple of 2, the sum of the arm ratios 1:1"),
        (32, 22, "window `before` must be 0 or more days, not -7"),
        (33, 13, "visit `post` names unknown form `qpr5`; did you mean `qpr15`?"),
        (34, 5, "visit `followup` is missing required key `day`"),
        (41, 41, "`min` (18) is greater than `max` (17)"),
        (42, 16, "duplicate field name `age` (first defined at line 41, column 16)"),
        (52, 14, "outcome `qpr15_post` names unknown visit `week10`"),
    ]

    @Test func reportsEveryProblemWithItsPosition() throws {
        let file = path("fixtures/protocols/broken.yaml")
        let result = ProtocolLoader.check(path: file)
        guard case .failure(.invalid(let reportedPath, let problems)) = result else {
            Issue.record("expected .invalid, got \(result)")
            return
        }
        #expect(reportedPath == file)
        #expect(problems.count == Self.expected.count)
        for (problem, (line, column, fragment)) in zip(problems, Self.expected) {
            #expect(problem.file == file)
            #expect(problem.line == line, "\(problem)")
            #expect(problem.column == column, "\(problem)")
            #expect(problem.message.contains(fragment), "\(problem)")
        }
    }

    @Test func errorDescriptionListsProblemsAsFileLineColumn() {
        let file = path("fixtures/protocols/broken.yaml")
        guard case .failure(let error) = ProtocolLoader.check(path: file) else {
            Issue.record("expected a failure"); return
        }
        #expect(error.exitCode == 65)
        let lines = error.description.split(separator: "\n").map(String.init)
        #expect(lines.first == "Protocol file \(file) is not valid (13 problems); fix each line below and run the check again:")
        #expect(lines.count == 1 + Self.expected.count)
        #expect(lines[5].hasPrefix("\(file):21:3: `seed` is not allowed"))
    }

    @Test func loadThrowsTheSameTypedError() {
        #expect(throws: ProtocolError.self) { try ProtocolLoader.load(path: path("fixtures/protocols/broken.yaml")) }
        do {
            _ = try ProtocolLoader.load(path: path("fixtures/protocols/broken.yaml"))
        } catch {
            // `error` is statically a ProtocolError (typed throws).
            guard case .invalid(_, let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.count == Self.expected.count)
        }
    }
}

/// Problems that stop the file from being read or parsed at all.
@Suite struct UnreadableProtocolTests {
    @Test func missingFile() {
        let result = ProtocolLoader.check(path: path("fixtures/protocols/no-such-file.yaml"))
        guard case .failure(let error) = result, case .fileMissing(let missing) = error else {
            Issue.record("expected .fileMissing, got \(result)"); return
        }
        #expect(missing.hasSuffix("no-such-file.yaml"))
        #expect(error.exitCode == 66)
        #expect(error.description.contains("does not exist"))
    }

    @Test func directoryIsUnreadable() {
        let result = ProtocolLoader.check(path: path("protocols"))
        guard case .failure(let error) = result, case .unreadable(_, let reason) = error else {
            Issue.record("expected .unreadable, got \(result)"); return
        }
        #expect(reason == "it is a directory")
        #expect(error.exitCode == 66)
    }

    @Test func yamlSyntaxErrorHasLineAndColumn() {
        let yaml = "schema_version: 1\ntrial:\n  id: x\n  title: [unclosed\narms: []\n"
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.line == 5)
        #expect(found.first?.column == 5)
        #expect(found.first?.message.hasPrefix("YAML syntax error:") == true)
    }

    @Test func tabIndentationIsASyntaxError() {
        let found = problems("schema_version: 1\ntrial:\n\tid: x\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.column == 1)
        #expect(found.first?.message.contains("YAML syntax error") == true)
    }

    @Test func duplicateYamlKeyIsReportedAtTheKey() {
        let found = problems("schema_version: 1\ntrial:\n  id: x\n  id: y\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.column == 3)
        #expect(found.first?.message.contains("duplicate key `id`") == true)
    }

    @Test func invalidUTF8IsLocated() {
        var bytes = Data("schema_version: 1\ntrial:\n  title: K".utf8)
        bytes.append(0xF8)  // ø in Latin-1, invalid as UTF-8
        bytes.append(contentsOf: Data("benhavn\n".utf8))
        guard case .failure(.invalid(_, let found)) = ProtocolLoader.check(data: bytes, path: "latin1.yaml") else {
            Issue.record("expected .invalid"); return
        }
        #expect(found.map { "\($0.line):\($0.column)" } == ["3:11"])
        #expect(found.first?.message.contains("not valid UTF-8") == true)
    }

    @Test func emptyFile() {
        let found = problems("# only a comment\n")
        #expect(found.map { "\($0.line):\($0.column)" } == ["1:1"])
        #expect(found.first?.message.contains("holds no YAML document") == true)
    }

    @Test func topLevelMustBeAMapping() {
        let found = problems("- a\n- b\n")
        #expect(found.map { "\($0.line):\($0.column)" } == ["1:1"])
        #expect(found.first?.message == "the protocol must be a mapping of keys to values, not a list")
    }
}
