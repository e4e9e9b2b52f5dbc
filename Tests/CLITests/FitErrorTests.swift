import Foundation
import Testing

/// Bad input to `trialkit fit`: a clear message on stderr, the documented exit code, nothing on
/// stdout (also with --json), and no file written.
@Suite("trialkit fit: bad input")
struct FitErrorTests {
    /// Runs `trialkit fit FILE --formula FORMULA extra…` in a workspace holding `files`, with and
    /// without --json, and checks the exit code, that stderr contains every fragment, and that
    /// stdout is empty.
    func expectFailure(files: [String: String] = [:], data: String, formula: String, _ extra: [String] = [],
                       status: Int32, fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let workspace = try Workspace()
        for (name, text) in files { try workspace.write(name, text) }
        for json in [false, true] {
            let outcome = try workspace.trialkit(["fit", data, "--formula", formula] + extra + (json ? ["--json"] : []))
            #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
            #expect(outcome.stdout.isEmpty, "stdout must stay empty: \(outcome)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(outcome.stderr.contains(fragment), "stderr lacks '\(fragment)': \(outcome)",
                        sourceLocation: sourceLocation)
            }
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: workspace.path).sorted()
        #expect(left == files.keys.sorted(), "fit wrote files: \(left)", sourceLocation: sourceLocation)
    }

    static let sleepstudy = referenceData + "/sleepstudy.csv"
    static let trialSim = referenceData + "/trial_sim.csv"

    @Test("A formula syntax error exits 64 with a caret under the column")
    func formulaSyntax() throws {
        try expectFailure(data: Self.sleepstudy, formula: "Reaction ~ Days + + (Days | Subject)", status: 64, fragments: [
            "Formula error at column 19: expected a term after '+'.\n"
                + "  Reaction ~ Days + + (Days | Subject)\n"
                + "                    ^",
        ])
        try expectFailure(data: Self.sleepstudy, formula: "Reaction Days", status: 64, fragments: ["has no '~'"])
    }

    @Test("An unknown column exits 65 and lists the available ones")
    func unknownColumn() throws {
        try expectFailure(data: Self.sleepstudy, formula: "Reaction ~ Dayz + (Days | Subject)", status: 65, fragments: [
            "The formula uses the column 'Dayz', which \(Self.sleepstudy) does not have",
            "available columns: 'Reaction', 'Days', 'Subject'",
        ])
    }

    @Test("A text response exits 65")
    func nonNumericResponse() throws {
        try expectFailure(data: Self.trialSim, formula: "arm ~ visit + (1 | participant_id)", status: 65, fragments: [
            "The response 'arm' must be numeric, but the column 'arm' holds text",
        ])
    }

    @Test("A grouping factor with a single level exits 65")
    func singleLevelGrouping() throws {
        try expectFailure(files: ["one.csv": "y,x,g\n1,2,a\n2,3.5,a\n3,4,a\n4.5,5,a\n"], data: "one.csv",
                          formula: "y ~ x + (1 | g)", status: 65,
                          fragments: ["The grouping factor 'g' has only one level", "grouping factors must have > 1 sampled level"])
    }

    @Test("A grouping factor with one level per observation exits 65")
    func levelPerObservation() throws {
        try expectFailure(files: ["unique.csv": "y,x,g\n1,2,a\n2,3.5,b\n3,4,c\n4.5,5,d\n"], data: "unique.csv",
                          formula: "y ~ x + (1 | g)", status: 65,
                          fragments: ["The grouping factor 'g' has 4 levels for 4 observations"])
    }

    @Test("An empty file exits 65")
    func emptyFile() throws {
        try expectFailure(files: ["empty.csv": ""], data: "empty.csv", formula: "y ~ x + (1 | g)", status: 65,
                          fragments: ["empty.csv is empty; it needs a header row"])
        try expectFailure(files: ["header.csv": "y,x,g\n"], data: "header.csv", formula: "y ~ x + (1 | g)", status: 65,
                          fragments: ["header.csv has no data rows"])
    }

    @Test("A ragged row exits 65 and names its line")
    func raggedRow() throws {
        try expectFailure(files: ["ragged.csv": "y,x,g\n1,2,a\n2,3,b\n3,4\n4,5,b\n"], data: "ragged.csv",
                          formula: "y ~ x + (1 | g)", status: 65,
                          fragments: ["ragged.csv line 4 has 2 fields but the header has 3"])
    }

    @Test("A missing file exits 66")
    func missingFile() throws {
        try expectFailure(data: "absent.csv", formula: "y ~ x + (1 | g)", status: 66,
                          fragments: ["absent.csv does not exist"])
    }

    @Test("Wrong options exit 64: Kenward-Roger on ML, unknown reference level, bad EMM spec, --ref syntax")
    func options() throws {
        try expectFailure(data: Self.sleepstudy, formula: "Reaction ~ Days + (Days | Subject)",
                          ["--ml", "--df", "kenward-roger"], status: 64,
                          fragments: ["Kenward-Roger's method is only available for REML model fits"])
        let model = "qpr15 ~ arm * visit + (1 | participant_id)"
        try expectFailure(data: Self.trialSim, formula: model, ["--ref", "arm=XYZ"], status: 64,
                          fragments: ["'XYZ' is not a level of 'arm'", "'PEER', 'SAU'"])
        try expectFailure(data: Self.trialSim, formula: model, ["--ref", "age=40"], status: 64,
                          fragments: ["A reference level was given for 'age', which is not a factor in the model"])
        try expectFailure(data: Self.trialSim, formula: model, ["--ref", "arm"], status: 64,
                          fragments: ["--ref arm must be written VARIABLE=LEVEL"])
        try expectFailure(data: Self.trialSim, formula: model, ["--emmeans", "treatment | visit"], status: 64,
                          fragments: ["'treatment' in the marginal-means specification 'treatment | visit' is not a factor"])
        try expectFailure(data: Self.trialSim, formula: model, ["--df", "containment"], status: 64,
                          fragments: ["'satterthwaite', 'kenward-roger', 'kenward-roger-linear' or 'residual'"])
    }

    @Test("A model without random effects exits 65")
    func noRandomEffects() throws {
        try expectFailure(data: Self.trialSim, formula: "qpr15 ~ arm * visit", status: 65,
                          fragments: ["The model has no random-effects term"])
    }
}
