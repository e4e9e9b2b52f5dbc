import Foundation
import Testing

/// `trialkit crf import-dictionary`: REDCap data dictionary → form YAML, no database.
@Suite("crf import-dictionary")
struct CRFImportDictionaryTests {
    static let fixtures = packageRoot + "/fixtures/redcap"

    @Test("A dictionary that converts fully: YAML written, exit 0; the YAML loads inside a protocol")
    func converts() throws {
        let w = try Workspace()
        let outcome = try w.trialkit("crf", "import-dictionary", Self.fixtures + "/all-types-dictionary.csv", "--out", "forms.yaml")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("all-types-dictionary.csv: 33 fields in 2 forms (screening, labs) written to forms.yaml.\nEverything was converted.\nNotes (4):\n"))
        let yaml = try String(contentsOfFile: w.file("forms.yaml"), encoding: .utf8)
        #expect(yaml.contains("\nforms:\n  - name: screening\n    fields:\n      # REDCap section header: Demographics\n      - name: age\n"))
        #expect(yaml.contains("      # REDCap field note: Include area code\n      - name: phone\n"))
        #expect(yaml.contains("        show_if: \"[sex] = \\\"1\\\" and [pregnant] = 1\"\n"))
        // Pasted into a protocol, `protocol check` accepts it.
        let head = """
            schema_version: 1
            trial: {id: redcap, title: "REDCap forms", target_sample_size: 10}
            arms: [{code: A, ratio: 1}, {code: B, ratio: 1}]
            randomization: {method: complete}
            visits: [{name: baseline, day: 0, forms: [screening, labs, score]}, {name: post, day: 7, forms: [score]}]
            analysis:
              outcomes: [{name: o, role: primary, form: score, visit: post, formula: "score ~ arm"}]

            """
        try w.write("trial.yaml", head + yaml + "  - {name: score, items: {prefix: s, count: 2, kind: integer}, score: {method: sum}}\n")
        let check = try w.trialkit("protocol", "check", "trial.yaml")
        #expect(check.status == 0, "\(check)")
        // An existing output is refused without --force (exit 73), replaced with it.
        let again = try w.trialkit("crf", "import-dictionary", Self.fixtures + "/all-types-dictionary.csv", "--out", "forms.yaml")
        #expect(again.status == 73)
        #expect(again.stderr.contains("forms.yaml already exists"))
        #expect(try w.trialkit("crf", "import-dictionary", Self.fixtures + "/all-types-dictionary.csv", "--out", "forms.yaml", "--force").status == 0)
    }

    @Test("Unconverted items are listed by variable, line and reason; the file is still written (exit 0), or not with --strict (exit 65)")
    func partial() throws {
        let w = try Workspace()
        let outcome = try w.trialkit("crf", "import-dictionary", Self.fixtures + "/unsupported-dictionary.csv", "--out", "forms.yaml")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("Not converted (11):\n  line 4: scan (field): field type `file` holds uploaded documents, which TrialKit does not store\n"))
        #expect(outcome.stdout.contains("  line 9: age_median (calculation): `median([age], 40)`: the function `median` has no TrialKit equivalent\n"))
        let yaml = try String(contentsOfFile: w.file("forms.yaml"), encoding: .utf8)
        #expect(yaml.contains("# Not converted (11):\n#   line 4: scan (field):"))
        let json = try #require(try w.trialkit("crf", "import-dictionary", Self.fixtures + "/unsupported-dictionary.csv", "--out", "j.yaml", "--json").json() as? [String: Any])
        #expect((json["unconverted"] as? [[String: Any]])?.count == 11)
        #expect((json["unconverted"] as? [[String: Any]])?.first?["variable"] as? String == "scan")
        #expect(json["fields"] as? Int == 9)

        let strict = try w.trialkit("crf", "import-dictionary", Self.fixtures + "/unsupported-dictionary.csv", "--out", "strict.yaml", "--strict")
        #expect(strict.status == 65)
        #expect(strict.stderr.contains("11 items could not be converted (listed above) and --strict is set, so nothing was written."))
        #expect(!FileManager.default.fileExists(atPath: w.file("strict.yaml")))
    }

    @Test("Bad input: not a dictionary, missing column, duplicate variable (exit 65, nothing written); missing file (66)")
    func badInput() throws {
        let w = try Workspace()
        try w.write("data.csv", "participant_id,visit,visit_date\nP1,baseline,2024-01-01\n")
        try w.write("short.csv", "Variable / Field Name,Form Name,Field Label\nrecord_id,f,ID\n")
        try w.write("dup.csv", "Variable / Field Name,Form Name,Section Header,Field Type,Field Label\nrecord_id,f,,text,ID\nage,f,,text,Age\nage,f,,text,Age\n")
        let cases: [(String, String)] = [
            ("data.csv", "data.csv:1: not a REDCap data dictionary: column 1 \"participant_id\" is not a data dictionary column"),
            ("short.csv", "short.csv:1: the header lacks the REDCap data dictionary column \"Field Type\""),
            ("dup.csv", "dup.csv:4: variable `age` is defined twice (first on line 3)."),
        ]
        for (file, message) in cases {
            let outcome = try w.trialkit("crf", "import-dictionary", file, "--out", "out.yaml")
            #expect(outcome.status == 65, "\(outcome)")
            #expect(outcome.stderr.hasPrefix(message), "\(outcome)")
            #expect(outcome.stdout.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: w.file("out.yaml")))
        }
        let missing = try w.trialkit("crf", "import-dictionary", "nope.csv", "--out", "out.yaml")
        #expect(missing.status == 66)
        #expect(missing.stderr == "nope.csv does not exist or cannot be read; check the path of the REDCap data dictionary.\n")
    }
}
