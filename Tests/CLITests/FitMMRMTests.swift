import Foundation
import Testing

/// `trialkit fit --covariance …` (MMRM / GLS) through the built binary, against the nlme gls
/// fixtures (fixtures/reference/models/*_gls_*.json) and the SAS FEV oracle when present.
@Suite("trialkit fit --covariance")
struct FitMMRMTests {
    static let trialSim = ["--formula", "qpr15 ~ arm * visit + municipality", "--ref", "arm=SAU", "--ref",
                           "visit=baseline", "--subject", "participant_id", "--time", "visit_index",
                           "--convergence", "strict"]

    @Test("ar1 on trial_sim against nlme gls, with covariance and type3 in the JSON")
    func autoregressive() throws {
        let fit = try fitJSON("trial_sim.csv", Self.trialSim + ["--covariance", "ar1", "--emmeans", "arm | visit"])
        let reference = try referenceModel("trial_sim_gls_ar1")
        #expect(fit["model"] as? String == "mmrm")
        #expect(fit["nobs"] as? Int == reference["nobs"] as? Int)
        #expect((fit["groups"] as? [String: Int]) == (reference["ngrps"] as? [String: Int]))
        expectClose("REML criterion", fit["reml_criterion"], reference["reml_criterion"], relative: FitTolerance.criterion)
        expectClose("logLik", fit["loglik"], reference["loglik"], relative: FitTolerance.criterion)
        for expected in rows(reference["fixed"]) {
            let term = expected["term"] as? String ?? "?"
            let observed = try #require(row(rows(fit["fixed"]), "term", term), "\(term)")
            expectClose("\(term)", observed["estimate"], expected["estimate"], relative: FitTolerance.fixedEffect,
                        floor: number(expected["se"]) ?? 1)
            expectClose("\(term) SE", observed["se"], expected["se"], relative: FitTolerance.secondary)
        }
        let covariance = try #require(fit["covariance"] as? [String: Any])
        #expect(covariance["structure"] as? String == "ar1")
        #expect(covariance["sas_type"] as? String == "AR(1)")
        #expect(covariance["visits"] as? [String] == ["1", "2", "3"])
        let parameters = rows(covariance["parameters"])
        #expect(parameters.compactMap { $0["name"] as? String } == ["AR(1)", "Residual"])
        let matrix = try #require((covariance["matrices"] as? [String: Any])?["all"] as? [[Double]])
        let expectedMatrix = try #require(((reference["covariance"] as? [String: Any])?["matrices"] as? [String: Any])?["all"]
            as? [[Double]])
        for i in 0..<3 {
            for j in 0..<3 {
                expectClose("Σ(\(i),\(j))", matrix[i][j], expectedMatrix[i][j], relative: FitTolerance.secondary)
            }
        }
        #expect(rows(fit["type3"]).compactMap { $0["term"] as? String } == ["arm", "visit", "municipality", "arm:visit"])
        #expect(rows(fit["type3"]).allSatisfy { number($0["F"]) != nil && number($0["dendf"]) != nil })
        #expect(rows(fit["emmeans"]).count == 6)
        #expect(rows(fit["contrasts"]).count == 3)
        #expect((fit["fit"] as? [String: Any])?["converged"] as? Bool == true)
    }

    @Test("unstructured by arm with common correlations (nlme varIdent(~1 | visit * arm))")
    func byArm() throws {
        let fit = try fitJSON("trial_sim.csv", Self.trialSim + ["--covariance", "us", "--group", "arm",
                                                               "--grouping", "shared-correlation"])
        let reference = try referenceModel("trial_sim_gls_us_by_arm")
        expectClose("REML criterion", fit["reml_criterion"], reference["reml_criterion"], relative: FitTolerance.criterion)
        let covariance = try #require(fit["covariance"] as? [String: Any])
        #expect(covariance["group"] as? String == "arm")
        let matrices = try #require(covariance["matrices"] as? [String: [[Double]]])
        #expect(Set(matrices.keys) == ["SAU", "PEER"])
        let parameters = rows(covariance["parameters"])
        #expect(parameters.count == 9)
        #expect(parameters.filter { $0["group"] as? String == "PEER" }.count == 3)
    }

    /// `<package root>/../shared/oracles/fev/fev_data.csv`, or under `$TRIALKIT_ORACLES`.
    static var fevData: String {
        let root = ProcessInfo.processInfo.environment["TRIALKIT_ORACLES"].flatMap { $0.isEmpty ? nil : $0 }
            ?? packageRoot + "/../shared/oracles"
        return root + "/fev/fev_data.csv"
    }

    @Test("FEV vs SAS (-2 Res Log Likelihood 3386.44987722)",
          .enabled(if: FileManager.default.fileExists(atPath: fevData),
                   "SAS FEV oracle not found at <package root>/../shared/oracles/fev (or $TRIALKIT_ORACLES/fev); skipping"))
    func fev() throws {
        let workspace = try Workspace()
        let outcome = try workspace.trialkit([
            "fit", Self.fevData, "--formula", "FEV1 ~ ARMCD * AVISIT + RACE + SEX",
            "--ref", "ARMCD=PBO", "--ref", "RACE=Asian", "--ref", "SEX=Male", "--covariance", "us", "--subject", "USUBJID",
            "--time", "AVISIT", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome)")
        let fit = try #require(try outcome.json() as? [String: Any])
        expectClose("-2RLL", fit["reml_criterion"], 3386.44987722, relative: 1e-9)
    }

    @Test("bad covariance options and data give the documented exit codes")
    func errors() throws {
        let workspace = try Workspace()
        let data = referenceData + "/trial_sim.csv"
        let base = ["fit", data, "--formula", "qpr15 ~ arm * visit"]
        let cases: [([String], Int32, String)] = [
            (["--covariance", "us"], 64, "needs --subject COLUMN and --time COLUMN"),
            (["--subject", "participant_id"], 64, "need --covariance"),
            (["--covariance", "banded", "--subject", "participant_id", "--time", "visit"], 64, "banded"),
            (["--covariance", "us", "--subject", "patient", "--time", "visit"], 65, "'patient'"),
            (["--covariance", "ar1", "--subject", "participant_id", "--time", "visit", "--time-order", "post,baseline"],
             64, "time order"),
            (["--covariance", "us", "--subject", "participant_id", "--time", "visit", "--ml", "--df", "kenward-roger"],
             64, "REML"),
        ]
        for (extra, status, fragment) in cases {
            for json in [false, true] {
                let outcome = try workspace.trialkit(base + extra + (json ? ["--json"] : []))
                #expect(outcome.status == status, "\(extra): \(outcome)")
                #expect(outcome.stdout.isEmpty, "\(extra): \(outcome)")
                #expect(outcome.stderr.contains(fragment), "\(extra): stderr lacks '\(fragment)': \(outcome)")
            }
        }
    }
}
