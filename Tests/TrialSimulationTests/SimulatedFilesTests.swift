import CRFValidation
import Foundation
import Testing
import TrialCore
@testable import TrialSimulation

/// The files `simulate-trial` writes: reproducible, valid for the protocol's own validator, with
/// exactly the planted errors, and with the requested structure (ranges, dropout).
@Suite struct SimulatedFilesTests {
    static func simulate(_ name: String, seed: UInt64 = 11, participants: Int = 120, withErrors: Bool = false) throws
        -> (TrialProtocol, SimulatedTrial) {
        let trial = try loadProtocol(name)
        let score = trial.analysis.outcomes.first { $0.role == .primary }!.form
        let settings = SimulationSettings(participants: participants, seed: seed, effects: [score: 2], withErrors: withErrors)
        return (trial, try TrialSimulation.simulate(trial, settings: settings))
    }

    static func file(_ simulated: SimulatedTrial, _ path: String) -> SimulatedFile {
        simulated.files.first { $0.path == path }!
    }

    static func validate(_ trial: TrialProtocol, _ simulated: SimulatedTrial, _ file: SimulatedFile) throws -> ValidationReport {
        let known = Set(simulated.participants.map(\.id))
        let dates = Dictionary(uniqueKeysWithValues: simulated.participants.map { ($0.id, $0.randomized) })
        return try Validator(protocol: trial).validate(data: Data(file.text.utf8), name: file.path, form: file.form!,
                                                       knownParticipants: known, randomizationDates: dates)
    }

    @Test func sameSeedGivesIdenticalFiles() throws {
        let (_, first) = try Self.simulate("peer.yaml", seed: 5, participants: 40, withErrors: true)
        let (_, second) = try Self.simulate("peer.yaml", seed: 5, participants: 40, withErrors: true)
        let (_, other) = try Self.simulate("peer.yaml", seed: 6, participants: 40, withErrors: true)
        #expect(first.files.map(\.path) == second.files.map(\.path))
        for (a, b) in zip(first.files, second.files) { #expect(a.text == b.text, "\(a.path) differs between two runs with seed 5") }
        #expect(Self.file(first, "qpr15.csv").text != Self.file(other, "qpr15.csv").text)
    }

    @Test(arguments: ["peer.yaml", "example-3arm.yaml"])
    func everyFormValidatesWithoutIssues(protocolName: String) throws {
        let (trial, simulated) = try Self.simulate(protocolName)
        let forms = simulated.files.filter { $0.form != nil && !$0.path.hasPrefix("errors/") }
        #expect(Set(forms.compactMap(\.form)) == Set(trial.forms.map(\.name)))
        for file in forms {
            let report = try Self.validate(trial, simulated, file)
            #expect(report.issues.isEmpty, "\(protocolName) \(file.path): \(report.issues.prefix(3).map(\.description))")
            #expect(report.rows == file.rows)
        }
    }

    @Test(arguments: ["peer.yaml", "example-3arm.yaml"])
    func plantedErrorsAreExactlyWhatTheValidatorReports(protocolName: String) throws {
        let (trial, simulated) = try Self.simulate(protocolName, withErrors: true)
        let batch = simulated.files.first { $0.path.hasPrefix("errors/") }!
        let report = try Self.validate(trial, simulated, batch)
        struct Key: Hashable { var line: Int; var field: String?; var code: String }
        let reported = report.issues.map { Key(line: $0.line, field: $0.field, code: $0.code.rawValue) }
        let planted = simulated.plantedErrors.map { Key(line: $0.line, field: $0.field, code: $0.code) }
        #expect(reported.sorted { ($0.line, $0.code) < ($1.line, $1.code) } == planted.sorted { ($0.line, $0.code) < ($1.line, $1.code) })
        #expect(Set(planted.map(\.code)) == ["out_of_range", "invalid_date", "unknown_participant", "duplicate_record"])
        let manifest = Self.file(simulated, "manifest.json").text
        #expect(manifest.contains("\"planted_errors\""))
        #expect(manifest.components(separatedBy: "\"code\" : ").count - 1 == planted.count)
    }

    /// Items stay within their declared range and are whole numbers (also checked by the
    /// validator above; here on the raw cells, including the missing-value codes used).
    @Test func itemsWithinRangesAndMissingOnlyWhereTheRuleAllows() throws {
        let (trial, simulated) = try Self.simulate("peer.yaml", participants: 200)
        for form in trial.forms where form.score != nil {
            let lines = Self.file(simulated, form.name + ".csv").text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = lines[0]
            let codes = Set(trial.missingCodes.map(\.code))
            let allowed = form.score!.items.count - form.score!.minimumAnswered
            for row in lines.dropFirst() {
                var missing = 0
                for item in form.score!.items {
                    let cell = row[header.firstIndex(of: item)!]
                    let field = form.field(named: item)!
                    if cell.isEmpty || codes.contains(cell) { missing += 1; continue }
                    let value = try #require(Int(cell))
                    #expect(Double(value) >= field.min! && Double(value) <= field.max!)
                }
                #expect(missing <= allowed, "\(form.name): \(missing) items missing where the score allows \(allowed)")
            }
        }
    }

    /// Dropout is monotone and reaches the requested proportion at the last visit (binomial
    /// tolerance: 4 standard errors).
    @Test func dropoutIncreasesOverVisits() throws {
        let trial = try loadProtocol("peer.yaml")
        let settings = SimulationSettings(participants: 600, seed: 3, dropout: 0.2)
        let simulated = try TrialSimulation.simulate(trial, settings: settings)
        let rows = Self.file(simulated, "qpr15.csv").text.split(separator: "\n").dropFirst()
        var perVisit: [String: Set<String>] = [:]
        for row in rows {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false)
            perVisit[String(cells[1]), default: []].insert(String(cells[0]))
        }
        let baseline = perVisit["baseline"]!, post = perVisit["post"]!, followup = perVisit["followup"]!
        #expect(baseline.count == 600)
        #expect(followup.isSubset(of: post) && post.isSubset(of: baseline))
        let tolerance = 4 * (0.2 * 0.8 / 600).squareRoot()
        #expect(abs(Double(600 - followup.count) / 600 - 0.2) <= tolerance)
        #expect(abs(Double(600 - post.count) / 600 - 0.1) <= tolerance)
    }

    /// Visit dates lie in the protocol's windows around the randomization date.
    @Test func visitDatesWithinWindows() throws {
        let (trial, simulated) = try Self.simulate("example-3arm.yaml", participants: 60)
        let dates = Dictionary(uniqueKeysWithValues: simulated.participants.map { ($0.id, $0.randomized.dayNumber) })
        for file in simulated.files where file.form != nil && !file.path.hasPrefix("errors/") {
            for row in file.text.split(separator: "\n").dropFirst() {
                let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let visit = trial.visit(named: cells[1])!
                let day = CalendarDate(iso: cells[2])!.dayNumber - dates[cells[0]]!
                #expect(visit.window.contains(day), "\(file.path) \(cells[0]) \(visit.name) on day \(day)")
            }
        }
    }
}
