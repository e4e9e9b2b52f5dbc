import Foundation
import Tabular
import Testing
import TrialCore
import TrialSpec
@testable import Analysis

/// The three-arm example protocol (MOVE-3) on its clean CRF fixtures, with arms and strata
/// assigned in turn: every arm is compared with the control arm (the last arm, `UC`).
@Suite struct ThreeArmTests {
    static func input() throws -> AnalysisInput {
        let trial = try ProtocolLoader.load(path: path("protocols/example-3arm.yaml")).spec
        let people = try TextTable.read(path: path("fixtures/crf/example-3arm/participants.csv"))
        let participants = people.rows.enumerated().map { index, row in
            AnalysisParticipant(id: row[0], arm: trial.arms[index % 3].code, strata: Dictionary(
                uniqueKeysWithValues: trial.stratification.map { ($0.name, $0.levels[(index / 3) % $0.levels.count]) }))
        }
        var records: [CRFRecord] = []
        for form in ["phq9", "rses"] {
            let table = try TextTable.read(path: path("fixtures/crf/example-3arm/clean/\(form).csv"))
            for row in table.rows {
                let values = Dictionary(uniqueKeysWithValues: zip(table.columnNames, row))
                records.append(CRFRecord(participantID: values["participant_id"]!, visit: values["visit"]!, form: form, values: values))
            }
        }
        return AnalysisInput(trial: trial, participants: participants, records: records)
    }

    @Test func everyArmAgainstTheControlArm() throws {
        let input = try Self.input()
        let result = try TrialAnalysis.run(input, outcome: "phq9_week12")
        #expect(result.controlArm == "UC")
        #expect(result.visits.map(\.name) == ["baseline", "week6", "week12", "week26"])
        let outcome = try #require(result.outcomes.first)
        #expect(outcome.means.map(\.arm) == ["EX", "CT", "UC"])
        #expect(outcome.comparisons.map(\.label) == ["EX - UC", "CT - UC"])
        for comparison in outcome.comparisons {
            let arm = outcome.means.first { $0.arm == comparison.arm }!.mean.estimate
            let control = outcome.means.first { $0.arm == "UC" }!.mean.estimate
            #expect(abs(comparison.difference.estimate - (arm - control)) < 1e-10)
            #expect(comparison.difference.lower < comparison.difference.estimate)
            #expect(comparison.pValue > 0 && comparison.pValue <= 1)
        }
        #expect(outcome.model.degreesOfFreedomMethod == "satterthwaite")
        let long = try TrialAnalysis.longData(input, outcome: "phq9_week12")
        #expect(long.columns == ["participant_id", "arm", "site", "severity", "visit", "phq9", "phq9_baseline"])
        #expect(long.visits == ["week6", "week12", "week26"])
        // RSES is not collected at week 6: its outcome data have no week-6 rows.
        let rses = try TrialAnalysis.longData(input, outcome: "rses_week12")
        #expect(rses.visits == ["week12", "week26"])
        #expect(Set(rses.rows.map(\.visit)) == ["week12", "week26"])
        #expect(rses.rows.count == 30 * 2)
    }
}
