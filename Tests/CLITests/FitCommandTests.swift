import Foundation
import Testing

/// `trialkit fit` against the R reference fixtures (lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2,
/// emmeans 1.8.4-1), through the built binary and its JSON.
@Suite("trialkit fit")
struct FitCommandTests {
    static let sleepstudy = "Reaction ~ Days + (Days | Subject)"
    static let trialSim = "qpr15 ~ arm * visit + municipality + (1 | participant_id)"

    /// The model-level numbers, variance components and fixed effects against a reference.
    func expectModel(_ fit: [String: Any], _ reference: [String: Any], dfKey: String, seKey: String = "se",
                     dfTolerance: Double, label: String) {
        #expect(fit["nobs"] as? Int == reference["nobs"] as? Int, "\(label) nobs")
        #expect((fit["groups"] as? [String: Int]) == (reference["ngrps"] as? [String: Int]), "\(label) groups")
        #expect(fit["singular"] as? Bool == reference["singular"] as? Bool, "\(label) singular")
        let reml = reference["REML"] as? Bool == true
        #expect(fit["criterion"] as? String == (reml ? "REML" : "ML"))
        let criterionKey = reml ? "reml_criterion" : "deviance"
        #expect(fit[reml ? "deviance" : "reml_criterion"] == nil, "\(label): only \(criterionKey) is reported")
        for key in [criterionKey, "loglik", "aic", "bic"] {
            expectClose("\(label) \(key)", fit[key], reference[key], relative: FitTolerance.criterion)
        }
        let fixed = rows(fit["fixed"])
        #expect(fixed.count == rows(reference["fixed"]).count, "\(label) fixed-effect count")
        for expected in rows(reference["fixed"]) {
            let term = expected["term"] as? String ?? "?"
            guard let observed = row(fixed, "term", term) else {
                Issue.record("\(label): no fixed effect \(term)")
                continue
            }
            let se = number(expected[seKey]) ?? .nan
            expectClose("\(label) \(term) estimate", observed["estimate"], expected["estimate"],
                        relative: FitTolerance.fixedEffect, floor: se)
            expectClose("\(label) \(term) SE", observed["se"], expected[seKey], relative: FitTolerance.secondary)
            expectClose("\(label) \(term) df", observed["df"], expected[dfKey], relative: dfTolerance)
            expectClose("\(label) \(term) t", observed["t"], number(expected["estimate"]).map { $0 / se },
                        relative: FitTolerance.secondary)
            expectPValue("\(label) \(term) p", observed["p"], expected[dfKey == "df_kr" ? "p_kr" : "p_satterthwaite"])
        }
        let random = rows(fit["random"])
        #expect(random.count == rows(reference["random"]).count)
        for (observed, expected) in zip(random, rows(reference["random"])) {
            #expect(observed["group"] as? String == expected["group"] as? String)
            #expect(observed["term"] as? String == expected["term"] as? String)
            // A variance of exactly 0 (singular fit) is compared on the residual variance's scale.
            let residualVariance = number((reference["residual"] as? [String: Any])?["variance"]) ?? 1
            let floor = number(expected["variance"]) == 0 ? residualVariance : 1e-300
            expectClose("\(label) variance \(expected["term"] ?? "")", observed["variance"], expected["variance"],
                        relative: FitTolerance.secondary, floor: floor)
            expectClose("\(label) sd \(expected["term"] ?? "")", observed["sd"], expected["sd"],
                        relative: FitTolerance.secondary, floor: floor.squareRoot())
        }
        for (observed, expected) in zip(rows(fit["correlations"]), rows(reference["correlations"])) {
            expectClose("\(label) correlation", observed["corr"], expected["corr"], relative: FitTolerance.secondary)
        }
        #expect(rows(fit["correlations"]).count == rows(reference["correlations"]).count)
        let residual = fit["residual"] as? [String: Any], expectedResidual = reference["residual"] as? [String: Any]
        expectClose("\(label) residual variance", residual?["variance"], expectedResidual?["variance"],
                    relative: FitTolerance.secondary)
        expectClose("\(label) residual sd", residual?["sd"], expectedResidual?["sd"], relative: FitTolerance.secondary)
    }

    @Test("sleepstudy REML --json equals lme4 + lmerTest (Satterthwaite)")
    func sleepstudyREML() throws {
        let fit = try fitJSON("sleepstudy.csv", ["--formula", Self.sleepstudy])
        expectModel(fit, try referenceModel("sleepstudy_reml"), dfKey: "df_satterthwaite",
                    dfTolerance: FitTolerance.satterthwaiteDF, label: "sleepstudy")
        #expect(fit["formula"] as? String == Self.sleepstudy)
        #expect(fit["df_method"] as? String == "satterthwaite")
        #expect(fit["converged"] as? Bool == true)
        #expect(fit["dropped_rows"] as? Int == 0)
        #expect((fit["aliased"] as? [String])?.isEmpty == true)
        #expect((fit["emmeans"] as? [Any])?.isEmpty == true && (fit["contrasts"] as? [Any])?.isEmpty == true)
        let summary = try #require(fit["fit"] as? [String: Any])
        #expect(summary["optimizer"] as? String == "nloptwrap (NLOPT_LN_BOBYQA)")
        #expect(summary["theta_start"] as? [Double] == [1, 0, 1])
        let theta = summary["theta"] as? [Double] ?? []
        for (observed, expected) in zip(theta, try referenceModel("sleepstudy_reml")["theta"] as? [Double] ?? []) {
            expectClose("theta", observed, expected, relative: FitTolerance.secondary)
        }
        #expect((summary["evaluations"] as? Int ?? 0) > 10)
        expectClose("fit objective", summary["objective"], fit["reml_criterion"], relative: 1e-15)
        #expect((summary["status"] as? String)?.hasPrefix("NLOPT_") == true)
        #expect((summary["warnings"] as? [String])?.isEmpty == true)
        #expect((number(summary["elapsed_seconds"]) ?? -1) >= 0)
    }

    @Test("sleepstudy ML: deviance, not the REML criterion")
    func sleepstudyML() throws {
        let fit = try fitJSON("sleepstudy.csv", ["--formula", Self.sleepstudy, "--ml"])
        expectModel(fit, try referenceModel("sleepstudy_ml"), dfKey: "df_satterthwaite",
                    dfTolerance: FitTolerance.satterthwaiteDF, label: "sleepstudy ML")
        #expect(fit["criterion"] as? String == "ML")
    }

    @Test("trial_sim with EMMs (arm | visit) and contrasts vs emmeans", arguments: ["satterthwaite", "kenward-roger"])
    func trialSim(method: String) throws {
        let kr = method == "kenward-roger"
        let fit = try fitJSON("trial_sim.csv", ["--formula", Self.trialSim, "--ref", "arm=SAU",
                                                "--emmeans", "arm | visit", "--df", method])
        let reference = try referenceModel("trial_sim")
        let dfTolerance = kr ? FitTolerance.kenwardRogerDF : FitTolerance.satterthwaiteDF
        expectModel(fit, reference, dfKey: kr ? "df_kr" : "df_satterthwaite", seKey: kr ? "se_kr" : "se",
                    dfTolerance: dfTolerance, label: "trial_sim \(method)")
        #expect(fit["df_method"] as? String == method)
        #expect(fit["dropped_rows"] as? Int == 9)
        #expect(fit["emmeans_averaged_over"] as? [String] == ["municipality"])
        #expect(fit["contrasts_adjustment"] as? String == "none", "one comparison per visit: no adjustment")
        let expected = try #require((reference["emmeans"] as? [String: Any])?[method] as? [String: Any])
        let means = rows(fit["emmeans"]), contrasts = rows(fit["contrasts"])
        #expect(means.count == 6 && contrasts.count == 3)
        for mean in rows(expected["emmeans"]) {
            let levels = mean["levels"] as? [String: String] ?? [:]
            guard let observed = row(means, "levels", matching: levels) else {
                Issue.record("no EMM for \(levels)")
                continue
            }
            let se = number(mean["se"]) ?? .nan
            for key in ["estimate", "lower", "upper"] {
                expectClose("EMM \(levels) \(key)", observed[key], mean[key], relative: FitTolerance.marginalMean, floor: se)
            }
            expectClose("EMM \(levels) se", observed["se"], mean["se"], relative: FitTolerance.marginalMean)
            expectClose("EMM \(levels) df", observed["df"], mean["df"], relative: dfTolerance)
        }
        for contrast in rows(expected["contrasts"]) {
            let by = contrast["by"] as? [String: String] ?? [:]
            guard let observed = row(contrasts, "by", matching: by) else {
                Issue.record("no contrast for \(by)")
                continue
            }
            #expect(observed["contrast"] as? String == "PEER - SAU")
            let se = number(contrast["se"]) ?? .nan
            for key in ["estimate", "lower", "upper"] {
                expectClose("contrast \(by) \(key)", observed[key], contrast[key], relative: FitTolerance.marginalMean,
                            floor: se)
            }
            expectClose("contrast \(by) se", observed["se"], contrast["se"], relative: FitTolerance.marginalMean)
            expectClose("contrast \(by) t", observed["t"], contrast["t"], relative: FitTolerance.marginalMean)
            expectClose("contrast \(by) df", observed["df"], contrast["df"], relative: dfTolerance)
            expectPValue("contrast \(by) p", observed["p"], contrast["p"])
        }
    }

    /// Every further lmer fixture: correlated and uncorrelated slopes, nested and crossed factors,
    /// ML, a reference level, and 28,791 observations (Satterthwaite only, as the fixture).
    @Test("More lme4 fixtures through the CLI", arguments: [
        ("sleepstudy_uncorr", "Reaction ~ Days + (Days || Subject)", [String]()),
        ("pastes_reml", "strength ~ 1 + (1 | batch/cask)", []),
        ("pastes_ml", "strength ~ 1 + (1 | batch/cask)", ["--ml"]),
        ("penicillin_reml", "diameter ~ 1 + (1 | plate) + (1 | sample)", []),
        ("orthodont_reml", "distance ~ age * Sex + (age | Subject)", ["--ref", "Sex=Male"]),
        ("dyestuff_ml", "Yield ~ 1 + (1 | Batch)", ["--ml"]),
        ("large_10k", "y ~ arm * visit + (1 | id)", []),
    ])
    func moreFixtures(name: String, formula: String, extra: [String]) throws {
        let reference = try referenceModel(name)
        let data = (reference["data"] as? String ?? "").replacingOccurrences(of: "data/", with: "")
        let fit = try fitJSON(data, ["--formula", formula] + extra)
        expectModel(fit, reference, dfKey: "df_satterthwaite", dfTolerance: FitTolerance.satterthwaiteDF, label: name)
        if reference["REML"] as? Bool == true, rows(reference["fixed"]).first?["df_kr"] != nil {
            let kr = try fitJSON(data, ["--formula", formula, "--df", "kenward-roger"] + extra)
            expectModel(kr, reference, dfKey: "df_kr", seKey: "se_kr", dfTolerance: FitTolerance.kenwardRogerDF,
                        label: "\(name) KR")
        }
    }

    @Test("A singular fit (Dyestuff2) says so in the JSON and the summary")
    func singular() throws {
        let arguments = ["fit", referenceData + "/dyestuff2.csv", "--formula", "Yield ~ 1 + (1 | Batch)"]
        let fit = try fitJSON("dyestuff2.csv", ["--formula", "Yield ~ 1 + (1 | Batch)"])
        expectModel(fit, try referenceModel("dyestuff2_reml"), dfKey: "df_satterthwaite",
                    dfTolerance: FitTolerance.satterthwaiteDF, label: "dyestuff2")
        #expect(fit["singular"] as? Bool == true)
        #expect((fit["fit"] as? [String: Any])?["singular"] as? Bool == true)
        #expect((fit["warnings"] as? [String])?.contains("boundary (singular) fit: see help('isSingular')") == true)
        let text = try Workspace().trialkit(arguments)
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("\nboundary (singular) fit: see help('isSingular')"))
        #expect(text.stdout.contains(" Batch    (Intercept)  0.00    0.000"), "\(text.stdout)")
    }

    @Test("The human summary has lmer's key lines")
    func humanSummary() throws {
        let workspace = try Workspace()
        let outcome = try workspace.trialkit("fit", referenceData + "/sleepstudy.csv", "--formula", Self.sleepstudy)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr.isEmpty)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for expected in [
            "Linear mixed model fit by REML. t-tests use Satterthwaite's method.",
            "Formula: Reaction ~ Days + (Days | Subject)",
            "REML criterion at convergence: 1743.6",
            "    Min      1Q  Median      3Q     Max",
            "-3.9536 -0.4634  0.0231  0.4634  5.1793",
            " Groups   Name        Variance Std.Dev. Corr",
            " Subject  (Intercept) 612.09   24.740",
            "          Days         35.07    5.922   0.07",
            " Residual             654.94   25.592",
            "Number of obs: 180, groups:  Subject, 18",
            "            Estimate Std. Error     df t value Pr(>|t|)",
            "(Intercept)  251.405      6.825 17.000  36.838  < 2e-16 ***",
            "Days          10.467      1.546 17.000   6.771 3.26e-06 ***",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)\n\(outcome.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.path).isEmpty, "fit writes no files")
    }

    @Test("The summary reports dropped rows, EMMs and contrasts")
    func humanEMMs() throws {
        let outcome = try Workspace().trialkit("fit", referenceData + "/trial_sim.csv", "--formula", Self.trialSim,
                                               "--ref", "arm=SAU", "--emmeans", "arm | visit")
        #expect(outcome.status == 0, "\(outcome)")
        for expected in [
            "9 rows with missing values were dropped (810 rows in the file).",
            "Number of obs: 801, groups:  participant_id, 296",
            "Estimated marginal means (arm | visit), Satterthwaite df:",
            "visit = followup:",
            "Results are averaged over the levels of: municipality",
            "Pairwise contrasts (later level minus earlier), Satterthwaite df:",
        ] {
            #expect(outcome.stdout.contains(expected), "missing: \(expected)\n\(outcome.stdout)")
        }
        #expect(outcome.stdout.contains(" PEER - SAU    5.715 1.251 550.8   4.570 6.04e-06   3.2586    8.172\n"),
                "\(outcome.stdout)")
    }

    @Test("--df residual uses n − p; --tolerance lme4 stops where lme4 1.1-31 does (43 evaluations)")
    func residualDFAndLme4Rules() throws {
        let fit = try fitJSON("sleepstudy.csv", ["--formula", Self.sleepstudy, "--df", "residual", "--tolerance", "lme4"])
        #expect(fit["df_method"] as? String == "residual")
        #expect(rows(fit["fixed"]).map { number($0["df"]) } == [178, 178])
        let summary = try #require(fit["fit"] as? [String: Any])
        #expect(summary["tolerance"] as? String == "lme4")
        #expect(summary["evaluations"] as? Int == 43, "lme4's evaluation count on sleepstudy REML")
        #expect((summary["settings"] as? [String: Any])?["xtol_rel"] as? Double == 1e-4)
        // lme4's defaults leave θ uncertain in about the 5th digit: the criterion still agrees closely.
        expectClose("criterion", fit["reml_criterion"], try referenceModel("sleepstudy_reml")["reml_criterion"],
                    relative: 1e-9)
    }

    @Test("Aliased columns are dropped and named, as lme4 does")
    func aliased() throws {
        let fit = try fitJSON("rankdef.csv", ["--formula", "y ~ x1 + x2 + treat + (1 | g)"])
        let reference = try referenceModel("rankdef")
        #expect(fit["aliased"] as? [String] == reference["dropped_columns"] as? [String])
        #expect((fit["warnings"] as? [String])?.contains { $0.contains("rank deficient so dropping 1 column") } == true)
        expectClose("rankdef REML", fit["reml_criterion"], reference["reml_criterion"], relative: FitTolerance.criterion)
    }
}
