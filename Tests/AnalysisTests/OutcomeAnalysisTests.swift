import Foundation
import Testing
import TrialCore
@testable import Analysis

/// Model variants of one outcome on the simulated trial: an MMRM, a single-visit ANCOVA, the
/// control arm, and the CSV text the model reads.
@Suite struct OutcomeAnalysisTests {
    static func primary(_ edit: (inout PlannedOutcome) -> Void = { _ in }) throws -> (OutcomeSpecification, LongData) {
        let input = try PeerFixture.input()
        var outcome = input.trial.analysis.outcomes[0]
        edit(&outcome)
        return (OutcomeSpecification(outcome, in: input.trial), try LongDataBuilder.build(input, scores: [outcome.score]))
    }

    @Test func mmrmWithUnstructuredCovariance() throws {
        let (specification, data) = try Self.primary {
            $0.formula = "qpr15 ~ arm * visit + qpr15_baseline + municipality"
            $0.covariance = .us
        }
        let result = try OutcomeAnalysis.run(specification, data: data)
        #expect(result.model.kind == "mmrm" && result.model.covariance == "us")
        #expect(result.model.converged)
        #expect(result.model.fitCommand.contains("--covariance us --subject participant_id --time visit --time-order post,followup"))
        // With two visits, UN and the random intercept model differ only in allowing unequal
        // variances: the estimates are close to the LMM's (same data, same mean model).
        let (lmmSpecification, _) = try Self.primary()
        let lmm = try OutcomeAnalysis.run(lmmSpecification, data: data)
        #expect(abs(result.comparisons[0].difference.estimate - lmm.comparisons[0].difference.estimate) < 0.5)
        #expect(result.observations == lmm.observations)
    }

    @Test func ancovaAtOneVisitUsesOnlyThatVisit() throws {
        let (specification, data) = try Self.primary {
            $0.formula = "qpr15 ~ arm + qpr15_baseline + municipality"
            $0.covariance = .cs
        }
        #expect(!specification.modelsVisits)
        let analysed = try OutcomeAnalysis.data(for: specification, from: data)
        #expect(Set(analysed.rows.map(\.visit)) == ["post"])
        #expect(analysed.visits == ["post"])
        #expect(specification.fitCommand(file: "x.csv").contains("--emmeans \"arm\""))
    }

    @Test func comparisonIsArmMinusControl() throws {
        let (specification, data) = try Self.primary()
        #expect(specification.controlArm == "SAU")
        let result = try OutcomeAnalysis.run(specification, data: data)
        let comparison = result.comparisons[0]
        #expect(comparison.label == "PEER - SAU")
        let difference = result.means[0].mean.estimate - result.means[1].mean.estimate
        #expect(abs(comparison.difference.estimate - difference) < 1e-10)
        let d = try #require(comparison.effectSize)
        #expect(abs(d.d * d.standardizer - comparison.difference.estimate) < 1e-10)
        #expect(result.model.fitCommand == "trialkit fit long.csv --formula \"qpr15 ~ arm * visit + qpr15_baseline + "
            + "municipality + (1 | participant_id)\" --df kenward-roger --ref arm=SAU --emmeans \"arm | visit\" --adjust none --level 0.95")
    }

    @Test func csvReadsBackToTheSameValues() throws {
        let (_, data) = try Self.primary()
        let lines = data.csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "participant_id,arm,municipality,visit,qpr15,qpr15_baseline")
        #expect(lines.count == data.rows.count + 2)
        #expect(LongData.number(37) == "37" && LongData.number(2.0357142857142856) == "2.0357142857142856")
        #expect(LongData.number(nil) == "")
        #expect(LongData.quoted("a,b") == "\"a,b\"" && LongData.quoted("say \"x\"") == "\"say \"\"x\"\"\"")
    }

    @Test func modelErrorsNameTheOutcome() throws {
        let (specification, data) = try Self.primary { $0.formula = "qpr15 ~ arm * visit + (1 | participant_id)" }
        var empty = data
        empty.rows = empty.rows.filter { $0.arm == "SAU" }
        #expect {
            try OutcomeAnalysis.run(specification, data: empty)
        } throws: { error in
            switch error as? AnalysisError {
            case .model(let outcome, _), .estimandMissing(let outcome, _): return outcome == "qpr15_post"
            default: return false
            }
        }
    }
}
