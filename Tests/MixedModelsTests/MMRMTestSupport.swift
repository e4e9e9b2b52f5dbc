import Foundation
import LinearAlgebra
import Tabular
import Testing
@testable import MixedModels

/// Named tolerances for MMRM comparisons.
enum MMRMTolerance {
    /// −2 log L against SAS's printed 3386.44987722 (SAS's own convergence ~1e-9 relative).
    static let sasCriterion = 1e-6
    /// SAS prints 4 decimals: estimates, SEs, covariance elements, LS means (absolute).
    static let sasPrinted = 5e-4
    /// Half a unit in SAS's 1st printed decimal (AIC, AICC, BIC).
    static let sasOneDecimal = 0.05
    /// Half a unit in SAS's 4th printed decimal (the estimates reproduce SAS's stopping point).
    static let sasRounding = 5.1e-5
    /// SAS values printed at full precision: we follow SAS's own iterations (MIVQUE0 + Newton–
    /// Raphson, same stopping rule), so agreement is to rounding (observed ~1e-14).
    static let sasFullPrecision = 1e-9
    static let sasFullPrecisionDF = 1e-9
    /// SAS prints df and F rounded (df to integers, F to 2 decimals): ± 1 df, ± 0.005 + rounding in F.
    static let sasDegreesOfFreedom = 1.0
    static let sasF = 0.006
    /// nlme fixtures (README "Tolerances"): log-likelihood, estimates, SEs / covariance matrices.
    static let nlmeCriterion = 1e-7
    static let nlmeEstimate = 1e-6
    static let nlmeSecondary = 1e-5
    /// Our likelihood, β̂ and SEs at nlme's estimated covariance vs nlme's printed values (nlme's
    /// matrices carry ~1e-15; its criterion and SEs come from its own algebra).
    static let nlmeAtEstimate = 1e-9
    /// Where nlme stopped above the optimum (its criterion higher than ours by > 1e-12 relative,
    /// up to 4.6e-11 · N in these fixtures), its estimates are off by up to ~1e-5 and its SEs and
    /// covariances by ~3e-5 (measured: the optimum lies in a flat direction).
    static let nlmeEarlyStopEstimate = 2e-5
    static let nlmeEarlyStopSecondary = 5e-5
    /// emmeans' Satterthwaite df for gls (numerical apVar; README: ~1e-4 agreement, use 1e-3).
    static let emmeansDF = 1e-3
    /// Against the dense R computation (its optimum from optim is good to ~1e-9 in the criterion,
    /// its Hessian from numDeriv to ~1e-7): SEs and df.
    static let denseSE = 1e-5
    static let denseDF = 2e-3
    /// A likelihood evaluated two ways at the same parameters (rounding only).
    static let dense = 1e-10
}

/// The SAS PROC MIXED oracle on mmrm's FEV data: `<package root>/../shared/oracles/fev`, or
/// `$TRIALKIT_ORACLES/fev` when that variable is set (e.g. when the package is a git worktree).
enum FEVOracle {
    static var directory: URL {
        if let root = ProcessInfo.processInfo.environment["TRIALKIT_ORACLES"], !root.isEmpty {
            return URL(fileURLWithPath: root).appendingPathComponent("fev")
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/oracles/fev")
    }

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("sas_reml_unstructured.json").path)
            && FileManager.default.fileExists(atPath: directory.appendingPathComponent("fev_data.csv").path)
    }

    static let skipMessage: Comment = "SAS FEV oracle not found at <package root>/../shared/oracles/fev (or $TRIALKIT_ORACLES/fev); skipping"

    static func table() throws -> DataTable {
        try DataTable.read(path: directory.appendingPathComponent("fev_data.csv").path)
    }

    static func sas() throws -> SASFEVReference {
        let data = try Data(contentsOf: directory.appendingPathComponent("sas_reml_unstructured.json"))
        return try JSONDecoder().decode(SASFEVReference.self, from: data)
    }

    /// SAS's level order of `CLASS AVISIT(ref='VIS1')`: the reference level moves last, and the
    /// REPEATED effect's UN(i,j) follow that order, so SAS's UN(1,1) is VIS2 and UN(4,4) is VIS1
    /// (our matrices keep the sorted order VIS1…VIS4).
    static let sasVisitOrder = ["VIS2", "VIS3", "VIS4", "VIS1"]

    static let formula = "FEV1 ~ ARMCD * AVISIT + RACE + SEX"

    /// Our coefficient names and SAS's effect labels, in the same order.
    static let coefficientNames = ["(Intercept)", "ARMCDTRT", "AVISITVIS2", "AVISITVIS3", "AVISITVIS4",
                                   "ARMCDTRT:AVISITVIS2", "ARMCDTRT:AVISITVIS3", "ARMCDTRT:AVISITVIS4",
                                   "RACEBlack or African American", "RACEWhite", "SEXFemale"]
    static let sasEffects = ["Intercept", "ARMCD TRT", "AVISIT VIS2", "AVISIT VIS3", "AVISIT VIS4",
                             "AVISIT*ARMCD VIS2 TRT", "AVISIT*ARMCD VIS3 TRT", "AVISIT*ARMCD VIS4 TRT",
                             "RACE Black or African American", "RACE White", "SEX Female"]
    static let references = ["ARMCD": "PBO", "RACE": "Asian", "SEX": "Male"]

    static func fit(_ structure: CovarianceStructure = .unstructured, formula: String = formula,
                    options: MMRMOptions = .init()) throws -> MMRM {
        try MMRM.fit(formula: formula, table: try table(),
                     covariance: CovarianceSpecification(structure: structure, subject: "USUBJID", time: "AVISIT"),
                     referenceLevels: references.filter { formula.contains($0.key) }, options: options)
    }
}

/// The keys of sas_reml_unstructured.json used by the tests.
struct SASFEVReference: Decodable {
    struct Fixed: Decodable {
        let effect: String
        let estimate: Double
        let se: Double
        let df: Double
    }

    struct Type3: Decodable {
        let effect: String
        let num_df: Int
        let den_df: Double
        let F: Double
    }

    struct LSMean: Decodable {
        let AVISIT: String
        let ARMCD: String
        let estimate: Double
        let se: Double
        let df: Double
    }

    struct Difference: Decodable {
        let AVISIT: String
        let estimate: Double
        let se: Double
        let df: Double
        let lower95: Double
        let upper95: Double
    }

    let minus2_reml_loglik: Double
    let covariance_unstructured_lower: [String: Double]
    let fixed_effects: [Fixed]
    let type3_tests: [Type3]
    let ls_means: [LSMean]
    let treatment_differences_TRT_minus_PBO: [Difference]
}

/// |observed − expected| ≤ tolerance (absolute), printed.
func expectAbsolute(_ label: String, _ observed: Double, _ expected: Double, _ tolerance: Double,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let error = abs(observed - expected)
    print(String(format: "%@: observed %.10g expected %.10g (abs. diff %.2e, tol %.1e)",
                 label, observed, expected, error, tolerance))
    #expect(error <= tolerance, "\(label): observed \(observed), expected \(expected)", sourceLocation: sourceLocation)
}
