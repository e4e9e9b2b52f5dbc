import Foundation
import Testing
import TrialCore
@testable import CRFValidation

/// One entry of fixtures/crf/manifest.json (written by scripts/make-crf-fixtures.py).
struct FixtureEntry: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable, Hashable {
        var line: Int
        var field: String?
        var code: String
        var severity: String
    }
    struct Stored: Decodable, Sendable {
        var participant, visit, form: String
        var values: [String: String]
    }
    var file, `protocol`, form, participants: String
    var existing: [Stored]
    var rows: Int
    var issues: [Expected]

    var testDescription: String { file }

    static let all: [FixtureEntry] = {
        struct Manifest: Decodable { var files: [FixtureEntry] }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path("fixtures/crf/manifest.json"))),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else { return [] }
        return manifest.files
    }()
}

/// The participant list of a fixture: ids and randomization dates (`participant_id, …, randomization_date`).
func participants(_ relative: String) throws -> (ids: Set<String>, dates: [String: CalendarDate]) {
    let text = try String(contentsOfFile: path("fixtures/crf/" + relative), encoding: .utf8)
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = try #require(lines.first)
    let id = try #require(header.firstIndex(of: "participant_id"))
    let date = try #require(header.firstIndex(of: "randomization_date"))
    var dates: [String: CalendarDate] = [:]
    for row in lines.dropFirst() { dates[row[id]] = CalendarDate(iso: row[date]) }
    return (Set(dates.keys), dates)
}

@Suite struct FixtureTests {
    @Test func manifestCoversEveryIssueCode() {
        #expect(FixtureEntry.all.count >= 20)
        let planted = Set(FixtureEntry.all.flatMap { $0.issues.map(\.code) })
        #expect(planted == Set(IssueCode.allCases.map(\.rawValue)))
        let cleanPEER = FixtureEntry.all.filter { $0.file.hasPrefix("peer/clean/") }.map(\.form)
        #expect(Set(cleanPEER) == ["eligibility", "demographics", "qpr15", "wsas", "mansa", "esr", "shs", "gse"])
    }

    /// Every fixture file yields exactly the issues its manifest entry lists (line, field,
    /// code, severity), no more and no fewer; clean files list none.
    @Test(arguments: FixtureEntry.all)
    func fileYieldsExactlyItsManifestIssues(_ entry: FixtureEntry) throws {
        let trial = try loadProtocol(entry.protocol)
        let roster = try participants(entry.participants)
        var stored = InMemoryRecords()
        for record in entry.existing {
            stored.add(participant: record.participant, visit: record.visit, form: record.form, values: record.values)
        }
        let report = try Validator(protocol: trial).validate(
            file: path("fixtures/crf/" + entry.file), form: entry.form, knownParticipants: roster.ids,
            randomizationDates: roster.dates, existingRecords: stored)
        let found = report.issues.map {
            FixtureEntry.Expected(line: $0.line, field: $0.field, code: $0.code.rawValue, severity: $0.severity.rawValue)
        }
        #expect(report.rows == entry.rows)
        #expect(found.count == entry.issues.count, "\(report.issues.map(\.description).joined(separator: "\n"))")
        let unexpected = found.filter { !entry.issues.contains($0) }
        let unreported = entry.issues.filter { !found.contains($0) }
        #expect(unexpected.isEmpty, "reported but not planted: \(unexpected)")
        #expect(unreported.isEmpty, "planted but not reported: \(unreported)")
        #expect(report.counts.values.reduce(0, +) == report.issues.count)
    }
}
