import Foundation
import Testing

/// `trialkit analyze` and `trialkit export long` on a PEER trial with the clean CRF fixtures
/// imported (296 participants randomized today, every outcome form at every visit).
@Suite("analyze and export long", .serialized)
struct AnalyzeCommandTests {
    static let outcomes = ["qpr15_post", "qpr15_followup", "wsas_post", "mansa_post", "esr_post", "shs_post", "gse_post"]

    /// The trial with the outcome forms imported.
    static func trial() throws -> Workspace {
        let w = try Workspace()
        try w.crfTrial()
        for form in ["qpr15", "wsas", "mansa", "esr", "shs", "gse"] {
            try w.fixture("clean/\(form).csv", as: "\(form).csv")
            let outcome = try w.trialkit("crf", "import", "\(form).csv", "--form", form, "--user", "dina")
            #expect(outcome.status == 0, "\(outcome)")
        }
        return w
    }

    @Test("analyze --json equals fit --json on export long --outcome, for every planned outcome; a re-run is identical")
    func analyzeEqualsFitOnExportLong() throws {
        let w = try Self.trial()
        let first = try w.trialkit("analyze", "--json", "--user", "stan")
        #expect(first.status == 0, "\(first)")
        let json = try #require(try first.json() as? [String: Any])
        let result = try #require(json["result"] as? [String: Any])
        let outcomes = try #require(result["outcomes"] as? [[String: Any]])
        #expect(outcomes.map { $0["name"] as? String } == Self.outcomes)
        for outcome in outcomes {
            let name = outcome["name"] as! String
            let visit = outcome["visit"] as! String
            let model = outcome["model"] as! [String: Any]
            let export = try w.trialkit("export", "long", "--outcome", name, "--out", "\(name).csv", "--user", "stan")
            #expect(export.status == 0, "\(export)")
            let fit = try w.trialkit("fit", "\(name).csv", "--formula", model["formula"] as! String, "--df", "kenward-roger",
                                     "--ref", "arm=SAU", "--emmeans", "arm | visit", "--adjust", "none", "--json")
            #expect(fit.status == 0, "\(fit)")
            let fitted = try #require(try fit.json() as? [String: Any])
            let means = fitted["emmeans"] as! [[String: Any]]
            for mean in outcome["means"] as! [[String: Any]] {
                let arm = mean["arm"] as! String
                let row = try #require(means.first { ($0["levels"] as? [String: String]) == ["arm": arm, "visit": visit] })
                let ours = mean["mean"] as! [String: Any]
                for (key, theirs) in [("estimate", "estimate"), ("standard_error", "se"), ("degrees_of_freedom", "df"),
                                      ("lower", "lower"), ("upper", "upper")] {
                    #expect(ours[key] as? Double == row[theirs] as? Double, "\(name) \(arm) \(key)")
                }
            }
            let comparison = try #require((outcome["comparisons"] as? [[String: Any]])?.first)
            let contrast = try #require((fitted["contrasts"] as! [[String: Any]]).first {
                $0["contrast"] as? String == "PEER - SAU" && ($0["by"] as? [String: String]) == ["visit": visit]
            })
            let difference = comparison["difference"] as! [String: Any]
            for (key, theirs) in [("estimate", "estimate"), ("standard_error", "se"), ("degrees_of_freedom", "df"),
                                  ("lower", "lower"), ("upper", "upper")] {
                #expect(difference[key] as? Double == contrast[theirs] as? Double, "\(name) difference \(key)")
            }
            #expect(comparison["p_value"] as? Double == contrast["p"] as? Double, "\(name) p")
            #expect(comparison["t_statistic"] as? Double == contrast["t"] as? Double, "\(name) t")
            #expect(outcome["observations"] as? Int == fitted["nobs"] as? Int, "\(name) observations")
        }
        // Unchanged data: the same numbers and the same data hash; each run recorded and audited.
        let second = try #require(try w.trialkit("analyze", "--json", "--user", "stan").json() as? [String: Any])
        #expect(NSDictionary(dictionary: second["result"] as! [String: Any]).isEqual(to: result))
        let runs = (json["run"] as! [String: Any], second["run"] as! [String: Any])
        #expect(runs.0["data_hash"] as? String == runs.1["data_hash"] as? String)
        #expect((runs.0["data_hash"] as? String)?.count == 64)
        #expect(runs.0["run_id"] as? Int == 1 && runs.1["run_id"] as? Int == 2)
        #expect(try w.count("SELECT COUNT(*) FROM analysis_run") == 2)
        #expect(try w.count("SELECT COUNT(*) FROM audit_event WHERE action = 'analysis.run'") == 2)
        let verify = try #require(try w.trialkit("audit", "verify", "--json", "--user", "stan").json() as? [String: Any])
        #expect(verify["intact"] as? Bool == true)
    }

    @Test("export long (layout, blinded roles get no arm column, --out and --force); analyze text, unknown outcome, --html")
    func exportLongAndAnalyzeText() throws {
        let w = try Self.trial()
        let all = try w.trialkit("export", "long", "--user", "stan")
        #expect(all.status == 0, "\(all)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines[0] == "participant_id,arm,municipality,visit,qpr15,qpr15_baseline,wsas,wsas_baseline,mansa,"
            + "mansa_baseline,esr,esr_baseline,shs,shs_baseline,gse,gse_baseline")
        #expect(lines.count == 1 + 296 * 2)
        let blinded = try w.trialkit("export", "long", "--outcome", "qpr15_post", "--user", "dina")
        #expect(blinded.status == 0)
        #expect(blinded.stdout.hasPrefix("participant_id,municipality,visit,qpr15,qpr15_baseline\n"))
        #expect(try w.trialkit("export", "long", "--out", "long.csv", "--user", "stan").status == 0)
        let again = try w.trialkit("export", "long", "--out", "long.csv", "--user", "stan")
        #expect(again.status == 73)
        #expect(try w.trialkit("export", "long", "--out", "long.csv", "--force", "--user", "stan").status == 0)
        #expect(w.bytes("long.csv") == Data(all.stdout.utf8))
        let unknown = try w.trialkit("export", "long", "--outcome", "qpr15_pst", "--user", "stan")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no outcome 'qpr15_pst'"))

        // analyze: the text report; an unknown outcome records nothing.
        let text = try w.trialkit("analyze", "--outcome", "qpr15_post", "--user", "stan")
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("qpr15_post (primary): qpr15 at post"))
        #expect(text.stdout.contains("PEER - SAU: "))
        #expect(text.stdout.contains("Cohen's d "))
        #expect(text.stdout.contains("Missing data (observed / missing, randomized participants)"))
        let unknownOutcome = try w.trialkit("analyze", "--outcome", "nope", "--user", "stan")
        #expect(unknownOutcome.status == 64)
        #expect(try w.count("SELECT COUNT(*) FROM analysis_run") == 1)

        // --html: one self-contained page with the primary result, the CONSORT flow and both plots.
        let html = try w.trialkit("analyze", "--html", "report.html", "--json", "--user", "stan")
        #expect(html.status == 0, "\(html)")
        let page = String(decoding: w.bytes("report.html") ?? Data(), as: UTF8.self)
        let json = try JSONSerialization.jsonObject(with: Data(html.stdout.utf8)) as? [String: Any]
        let result = json?["result"] as? [String: Any]
        let primary = (result?["outcomes"] as? [[String: Any]])?.first { $0["name"] as? String == "qpr15_post" }
        let comparison = (primary?["comparisons"] as? [[String: Any]])?.first
        let difference = (comparison?["difference"] as? [String: Any])?["estimate"] as? Double
        #expect(difference != nil)
        if let difference {
            // The report prints the difference with one decimal and a true minus sign.
            let shown = String(format: "%.1f", difference).replacingOccurrences(of: "-", with: "\u{2212}")
            #expect(page.contains(shown))
        }
        for marker in ["Randomized (n = 296)", "Allocated to PEER", "QPR-15 over time", "Standardized effects",
                       "Kenward–Roger", "<svg"] {
            #expect(page.contains(marker), "report.html lacks \(marker)")
        }
        let withoutNamespaces = page.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            .replacingOccurrences(of: "http://www.w3.org/1999/xhtml", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"), "the page refers to the network")
        #expect(try w.count("SELECT COUNT(*) FROM analysis_run") == 2)
        let exists = try w.trialkit("analyze", "--html", "report.html", "--user", "stan")
        #expect(exists.status == 73)
        #expect(try w.count("SELECT COUNT(*) FROM analysis_run") == 2)  // refused before anything was recorded
        #expect(try w.trialkit("analyze", "--html", "report.html", "--force", "--user", "stan").status == 0)
    }

    @Test("An MMRM outcome (covariance: us) gives the numbers of fit --covariance us on its export")
    func mmrmOutcomeEqualsFitCovariance() throws {
        let w = try Workspace()
        let peer = try String(contentsOfFile: peerProtocol, encoding: .utf8)
        try w.write("peer-mmrm.yaml", peer + """
                - name: qpr15_post_mmrm
                  role: exploratory
                  form: qpr15
                  visit: post
                  covariance: us
                  formula: "qpr15 ~ arm * visit + qpr15_baseline + municipality"

            """)
        #expect(try w.trialkit("init", "--protocol", w.file("peer-mmrm.yaml"), "--user", "alice").status == 0)
        for (name, role) in [("dina", "data-manager"), ("tom", "trial-manager"), ("stan", "statistician")] {
            #expect(try w.trialkit("user", "add", name, "--role", role, "--user", "alice").status == 0)
        }
        #expect(try w.trialkit("randomize", "generate", "--seed", "7", "--user", "stan").status == 0)
        let lines = try String(contentsOfFile: peerFixtures + "/participants.csv", encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
        try w.write("participants.csv", lines.joined(separator: "\n") + "\n")
        #expect(try w.trialkit("randomize", "--from-csv", "participants.csv", "--user", "tom").status == 0)
        try w.fixture("clean/qpr15.csv", as: "qpr15.csv")
        #expect(try w.trialkit("crf", "import", "qpr15.csv", "--form", "qpr15", "--user", "dina").status == 0)

        let analyzed = try w.trialkit("analyze", "--outcome", "qpr15_post_mmrm", "--json", "--user", "stan")
        #expect(analyzed.status == 0, "\(analyzed)")
        let result = try #require((try analyzed.json() as? [String: Any])?["result"] as? [String: Any])
        let outcome = try #require((result["outcomes"] as? [[String: Any]])?.first)
        let model = outcome["model"] as! [String: Any]
        #expect(model["kind"] as? String == "mmrm" && model["covariance"] as? String == "us")
        #expect(try w.trialkit("export", "long", "--outcome", "qpr15_post_mmrm", "--out", "mmrm.csv", "--user", "stan").status == 0)
        let fit = try w.trialkit("fit", "mmrm.csv", "--formula", "qpr15 ~ arm * visit + qpr15_baseline + municipality",
                                 "--df", "kenward-roger", "--ref", "arm=SAU", "--emmeans", "arm | visit", "--adjust", "none",
                                 "--covariance", "us", "--subject", "participant_id", "--time", "visit",
                                 "--time-order", "post,followup", "--json")
        #expect(fit.status == 0, "\(fit)")
        let fitted = try #require(try fit.json() as? [String: Any])
        let contrast = try #require((fitted["contrasts"] as? [[String: Any]])?.first {
            $0["contrast"] as? String == "PEER - SAU" && ($0["by"] as? [String: String]) == ["visit": "post"]
        })
        let comparison = try #require((outcome["comparisons"] as? [[String: Any]])?.first)
        let difference = comparison["difference"] as! [String: Any]
        for (key, theirs) in [("estimate", "estimate"), ("standard_error", "se"), ("degrees_of_freedom", "df"),
                              ("lower", "lower"), ("upper", "upper")] {
            #expect(difference[key] as? Double == contrast[theirs] as? Double, "MMRM difference \(key)")
        }
        #expect(comparison["p_value"] as? Double == contrast["p"] as? Double)
        let means = fitted["emmeans"] as! [[String: Any]]
        for mean in outcome["means"] as! [[String: Any]] {
            let arm = mean["arm"] as! String
            let row = try #require(means.first { ($0["levels"] as? [String: String]) == ["arm": arm, "visit": "post"] })
            #expect((mean["mean"] as! [String: Any])["estimate"] as? Double == row["estimate"] as? Double, "MMRM \(arm) EMM")
        }
    }
}
