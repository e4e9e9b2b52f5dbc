import Foundation
import Testing
import TrialCore
@testable import TrialSpec
@testable import CRFValidation

@Suite("REDCap data dictionary conversion")
struct REDCapDictionaryTests {
    static let fixtures = path("fixtures/redcap")

    @Test("Every field type and validation type of the fixture converts; nothing is left unconverted")
    func allTypes() throws {
        let conversion = try REDCapSupport.convert(Self.fixtures + "/all-types-dictionary.csv")
        #expect(conversion.unconverted == [])
        #expect(conversion.recordIDField == "record_id")
        #expect(conversion.forms.map(\.name) == ["screening", "labs"])
        #expect(conversion.notes.map(\.description) == [
            "line 2: record_id: the record ID (the first field) becomes participant_id; it is not a form field",
            "line 16: email: marked as an identifier; TrialKit has no identifier flag (de-identify exports by hand)",
            "line 17: phone: marked as an identifier; TrialKit has no identifier flag (de-identify exports by hand)",
            "line 31: info: descriptive text is not a field; skipped",
        ])
        let screening = try #require(conversion.forms.first)
        func field(_ name: String) throws -> Field { try #require(screening.field(named: name)) }
        #expect(try field("age").kind == .integer)
        #expect(try field("age").softMin == 18 && field("age").softMax == 110 && field("age").min == nil)
        #expect(try field("age").required)
        #expect(try field("weight").min == 30 && field("weight").max == 250)      // @FORCE-MINMAX: hard
        #expect(try field("weight").decimals == 1 && field("height").decimals == 2)
        #expect(try field("crp").decimals == 3 && field("dose").decimals == 4 && field("temp").kind == .decimal)
        #expect(try field("dose_comma").kind == .decimal && field("dose_comma").decimals == nil)
        #expect(try field("visit_day").kind == .date && field("consent_date").kind == .date && field("onset_date").kind == .date)
        #expect(try field("arrival").kind == .datetime && field("departure").kind == .datetime)
        #expect(try field("wake_time").pattern == "([01][0-9]|2[0-3]):[0-5][0-9]")
        #expect(try field("initials").pattern == "[A-Za-z]+")
        #expect(try field("zip").pattern == "[0-9]{5}(-[0-9]{4})?")
        #expect(try field("sex").kind == .choice && field("sex").choices.map(\.code) == ["1", "2"])
        #expect(try field("smoker").choices.map(\.label) == ["Never", "Former", "Current"])
        #expect(try field("symptoms").kind == .multichoice)
        #expect(try field("alive").kind == .choice && field("alive").choices.map(\.code) == ["1", "0"])
        #expect(try field("pregnant").kind == .yesno)
        #expect(try field("pain").kind == .integer && field("pain").min == 0 && field("pain").max == 100)
        #expect(try field("comments").kind == .text && field("comments").showIf == "not is_missing([initials])")
        #expect(screening.field(named: "info") == nil)
        // Branching logic and calculations in TrialKit's language.
        #expect(try field("pregnant").showIf == "[sex] = \"1\"")
        #expect(try field("weeks").showIf == "[sex] = \"1\" and [pregnant] = 1")
        #expect(try field("cigs").showIf == "[smoker] = \"2\" or [smoker] = \"1\" and [age] < 30")
        #expect(try field("fever_max").showIf == "selected([symptoms], \"2\")")
        #expect(try field("bmi").calculation == "round([weight] / [height] ^ 2, 1)")
        #expect(try field("symptom_count").calculation
                == "sum(if(selected([symptoms], \"1\"), 1, 0), if(selected([symptoms], \"2\"), 1, 0), if(selected([symptoms], \"3\"), 1, 0))")
        #expect(try field("days_since_onset").calculation == "datediff([onset_date], [visit_day])")
        // Date limits become warning checks.
        #expect(screening.checks.map(\.condition) == ["[visit_day] >= date(\"2020-01-01\")", "[visit_day] <= date(\"2030-12-31\")"])
        #expect(screening.checks.allSatisfy { $0.severity == .warning && $0.field == "visit_day" })
    }

    @Test("The fixture's data validates clean against the converted forms; the defective file gives the expected issues")
    func fixtureData() throws {
        let conversion = try REDCapSupport.convert(Self.fixtures + "/all-types-dictionary.csv")
        let trial = try REDCapSupport.load(conversion)
        let validator = Validator(protocol: trial, showValues: true)
        for form in ["screening", "labs"] {
            let report = try validator.validate(file: Self.fixtures + "/all-types-data-\(form).csv", form: form)
            #expect(report.rows == 3)
            #expect(report.issues == [], "\(report.issues.map(\.description))")
        }
        let defects = try validator.validate(file: Self.fixtures + "/all-types-data-screening-defects.csv", form: "screening")
        #expect(summary(defects) == [
            "2 not_a_number age", "3 out_of_range weight", "4 soft_range age", "5 too_many_decimals height",
            "6 check_failed visit_day", "7 pattern_mismatch email", "8 invalid_choice sex",
            "9 hidden_field_has_value weeks", "10 calculation_mismatch bmi", "11 invalid_date consent_date",
            "12 not_an_integer age", "13 missing_required sex", "14 pattern_mismatch wake_time",
            "15 pattern_mismatch initials", "16 invalid_choice symptoms", "17 out_of_range pain",
            "18 missing_required pregnant",
        ])
        #expect(defects.issues.first { $0.code == .checkFailed }?.severity == .warning)
    }

    @Test("Unsupported constructs are listed by variable, line and reason; the rest converts")
    func unsupported() throws {
        let conversion = try REDCapSupport.convert(Self.fixtures + "/unsupported-dictionary.csv")
        #expect(conversion.unconverted.map { "\($0.line) \($0.variable) \($0.part)" } == [
            "4 scan field", "5 site_code validation", "6 mood action_tag", "6 mood action_tag",
            "7 older branching_logic", "8 event_note branching_logic", "9 age_median calculation",
            "10 age_twice calculation", "11 start min", "12 query field", "15 rank3 matrix_ranking",
        ])
        let reasons = Dictionary(conversion.unconverted.map { ($0.variable, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons["scan"] == "field type `file` holds uploaded documents, which TrialKit does not store")
        #expect(reasons["mood"] == "action tag @HIDDEN-SURVEY has no TrialKit equivalent")
        #expect(reasons["older"]?.contains("names a REDCap event or repeating instance") == true)
        #expect(reasons["event_note"]?.contains("the smart variable `[event-name]` has no TrialKit equivalent") == true)
        #expect(reasons["age_median"] == "`median([age], 40)`: the function `median` has no TrialKit equivalent")
        #expect(reasons["age_twice"]?.contains("`[age_median]` is not a converted field") == true)
        let form = try #require(conversion.forms.first)
        #expect(form.fields.map(\.name) == ["age", "site_code", "mood", "older", "event_note", "start", "rank1", "rank2", "rank3"])
        // A ranked radio matrix: no two of its fields may hold the same choice.
        #expect(form.checks.map(\.condition) == ["[rank1] != [rank2]"])
        #expect(form.checks.first?.severity == .error && form.checks.first?.field == "rank2")
        let trial = try REDCapSupport.load(conversion)
        let header = "participant_id,visit,visit_date,age,site_code,mood,older,event_note,start,rank1,rank2,rank3\n"
        let ranks = try validate(header + "P1,baseline,2024-01-01,,,,,,,1,2,\nP2,baseline,2024-01-01,,,,,,,2,2,1|2\n", form: "visit_form", in: trial)
        #expect(summary(ranks) == ["3 check_failed rank2"])
        #expect(form.field(named: "older")?.showIf == nil)
        #expect(conversion.yaml.contains("#   line 4: scan (field): field type `file` holds uploaded documents"))
    }

    @Test("Branching logic translations are parsed and type-checked by TrialKit's own parser")
    func logic() throws {
        let fields: [String: REDCapLogicTranslator.FieldInfo] = [
            "a": .init(kind: .integer, codes: []), "c": .init(kind: .choice, codes: ["1", "2", "x"]),
            "m": .init(kind: .multichoice, codes: ["1", "2"]), "d": .init(kind: .date, codes: []),
            "t": .init(kind: .text, codes: []), "y": .init(kind: .yesno, codes: []), "n": .init(kind: .choice, codes: ["1", "2"]),
        ]
        let translator = REDCapLogicTranslator(fields: fields, recordID: "record_id")
        func translate(_ text: String) throws -> String { try translator.translate(try REDCapLogicParser.parse(text)) }
        #expect(try translate("[a] > 3 AND ([c] = '1' OR [c] <> 'x')") == "[a] > 3 and ([c] = \"1\" or [c] != \"x\")")
        #expect(try translate("[m(2)] = \"0\"") == "not selected([m], \"2\")")
        #expect(try translate("[d] >= '2024-01-31'") == "[d] >= date(\"2024-01-31\")")
        #expect(try translate("[t] = 5") == "[t] = \"5\"")
        #expect(try translate("[y] = '1' and [a] <> ''") == "[y] = 1 and not is_missing([a])")
        #expect(try translate("[n] >= '2' and [n] = 1") == "[n] >= 2 and [n] = \"1\"")
        #expect(throws: REDCapLogicError.self) { try translate("[c] >= 2") }      // codes are not all numbers
        #expect(try translate("datediff([d], [d], 'y')") == "abs(datediff([d], [d]) / 365.2425)")
        #expect(try translate("sqrt([a] + 1)") == "([a] + 1) ^ 0.5")
        #expect(try translate("(1 - 2) - (3 - 4)") == "1 - 2 - (3 - 4)")
        #expect(throws: REDCapLogicError.self) { try translate("[c] = '9'") }
        #expect(throws: REDCapLogicError.self) { try translate("[record_id] = '1'") }
        #expect(throws: REDCapLogicError.self) { try translate("[a] = 'abc'") }
        #expect(throws: REDCapLogicError.self) { try translate("[a] = (") }
        #expect(throws: REDCapLogicError.self) { try translate(String(repeating: "(", count: 5000) + "1") }
    }

    @Test("The API's snake_case header, `;` delimiters and choices one per line are read too")
    func variants() throws {
        let text = "field_name;form_name;field_type;field_label;select_choices_or_calculations;required_field\n"
            + "record_id;f;text;ID;;\n"
            + "mood;f;radio;Mood;\"1, Low\n2, High\";y\n"
        let conversion = try REDCapDictionary.convert(data: Data(text.utf8), fileName: "api.csv")
        #expect(conversion.unconverted == [])
        let mood = try #require(conversion.forms.first?.field(named: "mood"))
        #expect(mood.choices == [Choice(code: "1", label: "Low"), Choice(code: "2", label: "High")])
        #expect(mood.required)
    }

    @Test("Input that is not a REDCap data dictionary throws a typed error naming the line")
    func badInput() throws {
        func error(_ text: String) -> REDCapDictionaryError? {
            do { _ = try REDCapDictionary.convert(data: Data(text.utf8), fileName: "d.csv"); return nil } catch { return error }
        }
        let header = "Variable / Field Name,Form Name,Section Header,Field Type,Field Label\n"
        #expect(error("")?.description.hasPrefix("d.csv:1: not a REDCap data dictionary: the file is empty") == true)
        #expect(error("participant_id,visit,visit_date\nP1,baseline,2024-01-01\n")?.description
                .hasPrefix("d.csv:1: not a REDCap data dictionary: column 1 \"participant_id\" is not a data dictionary column") == true)
        #expect(error("Variable / Field Name,Form Name,Field Label\nrecord_id,f,ID\n") == .missingColumns(file: "d.csv", columns: ["Field Type"]))
        #expect(error(header + "record_id,f,,text,ID\nage,f,,text,Age\nage,f,,text,Age again\n")
                == .invalidRow(file: "d.csv", line: 4, reason: "variable `age` is defined twice (first on line 3)"))
        #expect(error(header + "record_id,f,,text,ID\nAge,f,,text,Age\n")?.description.hasPrefix("d.csv:3: variable `Age` is not a REDCap variable name") == true)
        #expect(error(header + "record_id,f,,text,ID\na,g,,text,A\nb,f,,text,B\n")?.description.hasPrefix("d.csv:4: form `f` continues here") == true)
        #expect(error(header + "record_id,f,,text,\"ID\n")?.description.hasPrefix("d.csv:2: the row cannot be split into cells") == true)
        #expect(error(header)?.description == "d.csv:1: not a REDCap data dictionary: it has a header but no fields; export it from REDCap (Project Setup → Data Dictionary → Download).")
        // Arbitrary bytes, and the fixtures with bytes changed, never trap.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? REDCapDictionary.convert(data: Data(header.utf8) + Data(bytes), fileName: "fuzz.csv")
        }
        for name in ["all-types-dictionary.csv", "unsupported-dictionary.csv"] {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/" + name)))
            let alphabet = Array("[](),'\"=<>|@ \n\r;0123456789abcdeforandAND-_^*/+".utf8)
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...8, using: &generator) {
                    let index = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[index] = alphabet.randomElement(using: &generator)!
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(alphabet.randomElement(using: &generator)!, at: index)
                    }
                }
                _ = try? REDCapDictionary.convert(data: Data(bytes), fileName: "mutated.csv")
            }
        }
    }

    // MARK: - Real REDCap dictionaries (../shared/oracles/redcap)

    static func oracle(_ name: String) -> String? {
        let file = REDCapSupport.oracleDirectory + "/" + name
        guard FileManager.default.fileExists(atPath: file) else {
            print("Skipped: \(file) is absent (REDCap oracle dictionaries: <package root>/../shared/oracles/redcap or $TRIALKIT_ORACLES/redcap).")
            return nil
        }
        return file
    }

    @Test("REDCapR validation-types-1: converts; exactly file, signature, sql and three validation types are not converted")
    func validationTypesOracle() throws {
        guard let dictionary = Self.oracle("validation-types-1-dictionary.csv"),
              let data = Self.oracle("validation-types-1-data.csv") else { return }
        let conversion = try REDCapSupport.convert(dictionary)
        #expect(conversion.unconverted.map { "\($0.variable) \($0.part)" } == [
            "f_file_upload field", "f_signature field", "f_sql field",
            "v_mrn_generic validation", "v_phone_australia validation", "v_vmrn validation",
        ])
        #expect(conversion.notes.map(\.variable) == ["record_id", "f_descriptive"])
        try Self.validateExport(conversion, data: data, expectedRows: 1)
    }

    @Test("REDCapR longitudinal: converts; only the file field is not converted; the export validates")
    func longitudinalOracle() throws {
        guard let dictionary = Self.oracle("longitudinal-dictionary.csv"),
              let data = Self.oracle("longitudinal-data.csv") else { return }
        let conversion = try REDCapSupport.convert(dictionary)
        #expect(conversion.unconverted.map { "\($0.variable) \($0.part)" } == ["patient_document field"])
        let demographics = try #require(conversion.forms.first { $0.name == "demographics" })
        #expect(demographics.field(named: "num_children")?.showIf == "[sex] = \"0\" and [given_birth] = 1")
        #expect(demographics.field(named: "bmi")?.calculation == "round([weight] * 10000 / [height] ^ 2, 1)")
        try Self.validateExport(conversion, data: data, expectedRows: 3 + 5 + 3 + 4 + 10 + 4 + 6 + 2 + 3)
        // The check can fail: a radio code REDCap does not define is refused.
        let export = try String(contentsOfFile: data, encoding: .utf8)
        let trial = try REDCapSupport.load(conversion, visits: REDCapSupport.visits(export: export))
        var (csv, _) = REDCapSupport.reshape(export: export, form: demographics, recordID: "study_id")
        var lines = csv.split(separator: "\n").map(String.init)
        let ethnicity = try #require(lines[0].split(separator: ",").firstIndex(of: "ethnicity"))
        var cells = REDCapSupport.csvRows(lines[1] + "\n")[0]
        cells[ethnicity] = "7"
        lines[1] = REDCapSupport.csvLine(cells)
        csv = lines.joined(separator: "\n") + "\n"
        let report = try Validator(protocol: trial).validate(data: Data(csv.utf8), name: "d.csv", form: "demographics")
        #expect(summary(report) == ["2 invalid_choice ethnicity"])
    }

    /// Reshapes a REDCap export per form and validates it: no value of a converted field may be
    /// refused as `invalid_choice` or `not_a_number`, and in fact no issue at all is raised.
    static func validateExport(_ conversion: REDCapConversion, data: String, expectedRows: Int) throws {
        let export = try String(contentsOfFile: data, encoding: .utf8)
        let trial = try REDCapSupport.load(conversion, visits: REDCapSupport.visits(export: export))
        let validator = Validator(protocol: trial, showValues: true)
        var checked = 0
        for form in conversion.forms {
            let (csv, _) = REDCapSupport.reshape(export: export, form: form, recordID: conversion.recordIDField ?? "record_id")
            let report = try validator.validate(data: Data(csv.utf8), name: "\(form.name).csv", form: form.name)
            checked += report.rows
            let refused = report.issues.filter { $0.code == .invalidChoice || $0.code == .notANumber }
            #expect(refused == [], "\(form.name): \(refused.map(\.description))")
            // Stronger: REDCap's own export passes every converted rule (patterns, calculations, branching).
            #expect(report.issues == [], "\(form.name): \(report.issues.map(\.description))")
        }
        #expect(checked == expectedRows)
    }
}
