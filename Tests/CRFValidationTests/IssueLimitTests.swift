import Foundation
import Testing
import TrialCore
@testable import CRFValidation

/// `Validator(issueLimit:)`: the first issues by line are kept, every issue is counted.
@Suite struct IssueLimitTests {
    static let header = "participant_id,visit,visit_date," + (1...15).map { String(format: "qpr%02d", $0) }.joined(separator: ",")

    static func row(_ id: String, _ visit: String, _ date: String, first: String = "1") -> String {
        "\(id),\(visit),\(date),\(first)," + Array(repeating: "2", count: 14).joined(separator: ",")
    }

    /// Line 3 fails a cross-visit check (found after the whole file), lines 4–13 are out of range.
    static let csv = ([header, row("P1", "baseline", "2024-03-01"), row("P1", "post", "2024-02-01")]
        + (2...11).map { row("P\($0)", "baseline", "2024-03-01", first: "9") }).joined(separator: "\n") + "\n"

    @Test("The kept issues are the first by line, even one found after the whole file was read")
    func firstByLine() throws {
        let trial = try loadProtocol("protocols/peer.yaml")
        let report = try Validator(protocol: trial, issueLimit: 3).validate(data: Data(Self.csv.utf8), name: "t.csv", form: "qpr15")
        #expect(summary(report) == ["3 check_failed visit_date", "4 out_of_range qpr01", "5 out_of_range qpr01"])
        #expect(report.omitted == 8)
        #expect(report.counts == ["check_failed": 1, "out_of_range": 10])
        #expect(report.severityCounts == ["error": 11, "warning": 0, "note": 0])
        #expect(report.hasErrors)
    }

    @Test("Without a limit every issue is listed, as before")
    func unlimited() throws {
        let trial = try loadProtocol("protocols/peer.yaml")
        let report = try Validator(protocol: trial).validate(data: Data(Self.csv.utf8), name: "t.csv", form: "qpr15")
        #expect(report.issues.count == 11 && report.omitted == 0)
        #expect(report.issues.map(\.line) == Array(3...13))
    }

    @Test("The collector holds at most twice the limit while counting everything")
    func collectorBound() {
        var collector = IssueCollector(limit: 5)
        for line in stride(from: 1000, to: 0, by: -1) {
            collector.append(ValidationIssue(line: line, participantID: nil, visit: nil, field: nil, code: .malformedRow,
                                             severity: .error, message: "m"))
            #expect(collector.kept.count < 10)
        }
        #expect(collector.total == 1000)
        #expect(collector.finish().map(\.line) == [1, 2, 3, 4, 5])
    }

    @Test("A line longer than the limit is a typed error, not an issue")
    func lineTooLong() throws {
        let trial = try loadProtocol("protocols/peer.yaml")
        let long = Self.header + "\n" + String(repeating: "x", count: CSVLimits.defaultBytes + 1) + "\n"
        #expect(throws: ValidationError.lineTooLong(path: "l.csv", line: 2, limit: CSVLimits.defaultBytes)) {
            try Validator(protocol: trial).validate(data: Data(long.utf8), name: "l.csv", form: "qpr15")
        }
        #expect(ValidationError.lineTooLong(path: "l.csv", line: 2, limit: 8).exitCode == 65)
    }
}

/// The CSV reader's default record limit, as the validator uses it.
enum CSVLimits { static let defaultBytes = 8 << 20 }
