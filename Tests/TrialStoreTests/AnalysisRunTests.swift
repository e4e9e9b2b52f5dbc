import Foundation
import Testing
import Digest
@testable import TrialStore

/// `recordAnalysis`: one audited row per run; an edited result no longer matches its event.
@Suite("Analysis runs")
struct AnalysisRunTests {
    let directory = TemporaryDirectory()

    static func input(_ results: String = #"{"outcomes":[]}"#) -> AnalysisRunInput {
        AnalysisRunInput(protocolVersion: 1, protocolChecksum: String(repeating: "a", count: 64),
                         dataHash: String(repeating: "b", count: 64), softwareVersion: "trialkit 0.1.0",
                         outcome: nil, results: results)
    }

    @Test("Runs are numbered, stored as given and audited as analysis.run")
    func recorded() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        let first = try store.recordAnalysis(Self.input(), actor: "alice")
        var second = Self.input(#"{"outcomes":[1]}"#)
        second.outcome = "qpr15_post"
        let again = try store.recordAnalysis(second, actor: "alice")
        #expect(first.id == 1 && again.id == 2)
        #expect(try store.analysisRuns().map(\.input) == [Self.input(), second])
        let event = try #require(try store.auditEvents().last)
        #expect(event.action == AuditAction.analysisRun && event.entity == "analysis_run" && event.entityID == "2")
        #expect(event.newValue?.contains("\"results_sha256\":\"\(sha256Hex(#"{"outcomes":[1]}"#))\"") == true)
        #expect(try store.verifyAudit().intact)
    }

    @Test("An edited result is caught by audit verify")
    func tampered() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        try store.recordAnalysis(Self.input(), actor: "alice")
        try Fixture.tamper(store.path, #"UPDATE analysis_run SET results = '{"outcomes":[42]}' WHERE id = 1"#)
        let problem = try #require(try TrialStore.open(path: store.path).verifyAudit().problem)
        #expect(problem.kind == .recordMismatch)
        #expect(problem.detail.hasPrefix("analysis_run 1 was changed outside TrialKit"))
    }

    @Test("An unknown user cannot record a run, and nothing is written")
    func unknownActor() throws {
        let store = try Fixture.storeWithUsers(in: directory)
        #expect(throws: StoreError.unknownActor(name: "mallory")) { try store.recordAnalysis(Self.input(), actor: "mallory") }
        #expect(try store.analysisRuns().isEmpty)
    }
}
