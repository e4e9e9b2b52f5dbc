import Foundation
import Testing

/// `export csv`, `export odm`, and `crf validate` on large and malformed inputs.
@Suite("Export commands")
struct ExportCommandTests {
    /// A PEER trial with the first 20 participants randomized and their QPR-15 and WSAS records imported.
    static func trial() throws -> Workspace {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        for form in ["qpr15", "wsas"] {
            try w.fixture("clean/\(form).csv", as: "\(form).csv", keep: CRFCommandTests.inFirst20)
            let outcome = try w.trialkit("crf", "import", "\(form).csv", "--form", form, "--user", "dina")
            #expect(outcome.status == 0, "\(outcome)")
        }
        return w
    }

    static func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test("export csv: wide rows with arm and strata for an unblinded role, none for a blinded one")
    func csvBlinding() throws {
        let w = try Self.trial()
        let stan = try w.trialkit("export", "csv", "--form", "wsas", "--user", "stan")
        #expect(stan.status == 0, "\(stan)")
        let rows = Self.lines(stan.stdout)
        #expect(rows[0] == "participant_id,visit,visit_date,arm,municipality,wsas1,wsas2,wsas3,wsas4,wsas5,wsas")
        let imported = Self.lines(try String(contentsOfFile: w.file("wsas.csv"), encoding: .utf8)).count - 1
        #expect(rows.count - 1 == imported)
        let arms = try #require(try w.trialkit("randomize", "list", "--json", "--user", "stan").json() as? [[String: Any]])
        let armOf = Dictionary(uniqueKeysWithValues: arms.map { ($0["participant_id"] as! String, $0["arm"] as! String) })
        for row in rows.dropFirst() {
            let cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells[3] == armOf[cells[0]], "\(row)")
        }
        for user in ["dina", "mona"] {
            let blinded = try w.trialkit("export", "csv", "--form", "wsas", "--user", user)
            #expect(blinded.status == 0, "\(blinded)")
            #expect(Self.lines(blinded.stdout)[0] == "participant_id,visit,visit_date,municipality,wsas1,wsas2,wsas3,wsas4,wsas5,wsas")
            for arm in Set(armOf.values) { #expect(!blinded.stdout.contains(",\(arm),")) }
            // The same rows otherwise: the unblinded table without its arm column.
            let withoutArm = rows.map { row -> String in
                var cells = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                cells.remove(at: 3)
                return cells.joined(separator: ",")
            }
            #expect(Self.lines(blinded.stdout) == withoutArm)
        }
        #expect(try w.trialkit("export", "csv", "--form", "wsas", "--user", "tom").status == 77)
        #expect(try w.trialkit("export", "csv", "--form", "nosuch", "--user", "stan").status == 64)
    }

    @Test("export csv --out: written once, refused without --force (exit 73, file unchanged), replaced with it")
    func csvOut() throws {
        let w = try Self.trial()
        let first = try w.trialkit("export", "csv", "--form", "qpr15", "--out", "qpr15-export.csv", "--user", "stan")
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == "Wrote 57 rows of form qpr15 (21 columns) to qpr15-export.csv.\n")
        let written = try #require(w.bytes("qpr15-export.csv"))
        let mode = try FileManager.default.attributesOfItem(atPath: w.file("qpr15-export.csv"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        try w.write("qpr15-export.csv", "keep me\n")
        let refused = try w.trialkit("export", "csv", "--form", "qpr15", "--out", "qpr15-export.csv", "--user", "stan")
        #expect(refused.status == 73)
        #expect(refused.stderr == "qpr15-export.csv already exists, so nothing was written; choose another path, or pass --force to replace it.\n")
        #expect(w.bytes("qpr15-export.csv") == Data("keep me\n".utf8))
        let forced = try w.trialkit("export", "csv", "--form", "qpr15", "--out", "qpr15-export.csv", "--force", "--json", "--user", "stan")
        #expect(forced.status == 0, "\(forced)")
        #expect(w.bytes("qpr15-export.csv") == written)
        let json = try #require(try forced.json() as? [String: Any])
        #expect(json["rows"] as? Int == 57 && json["form"] as? String == "qpr15")
        #expect((json["columns"] as? [String])?.last == "qpr15")
        #expect((json["sha256"] as? String)?.count == 64)
        // Two exports written (the refused one is not recorded), each an audit event with the file's hash.
        let log = try #require(try w.trialkit("audit", "log", "--json", "--user", "stan").json() as? [[String: Any]])
        let exports = log.filter { $0["action"] as? String == "data.export" }
        #expect(exports.count == 2)
        #expect((exports.last?["new_value"] as? String)?.contains(json["sha256"] as! String) == true)
    }

    @Test("export csv --for-import validates without an issue (as a second entry pass)")
    func csvForImport() throws {
        let w = try Self.trial()
        let outcome = try w.trialkit("export", "csv", "--form", "qpr15", "--for-import", "--out", "again.csv", "--user", "dina")
        #expect(outcome.status == 0, "\(outcome)")
        let header = Self.lines(try String(contentsOfFile: w.file("again.csv"), encoding: .utf8))[0]
        #expect(header == "participant_id,visit,visit_date," + (1...15).map { String(format: "qpr%02d", $0) }.joined(separator: ","))
        let validate = try w.trialkit("crf", "validate", "again.csv", "--form", "qpr15", "--pass", "2", "--user", "dina")
        #expect(validate.status == 0, "\(validate)")
        #expect(validate.stdout == "again.csv, form qpr15: 57 rows, no issues.\n")
    }

    @Test("export odm: well-formed (xmllint), arm only for unblinded roles, --force rules")
    func odm() throws {
        let w = try Self.trial()
        let stan = try w.trialkit("export", "odm", "--out", "trial.xml", "--user", "stan")
        #expect(stan.status == 0, "\(stan)")
        #expect(stan.stdout == "Wrote ODM 1.3.2 with 20 participants and 114 records to trial.xml.\n")
        let xml = String(decoding: try #require(w.bytes("trial.xml")), as: UTF8.self)
        #expect(xml.contains("ODMVersion=\"1.3.2\"") && xml.contains("FileType=\"Snapshot\""))
        #expect(xml.contains("<ItemData ItemOID=\"I.ARM\""))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint") {
            let lint = try runProcess("/usr/bin/xmllint", ["--noout", "trial.xml"], in: w.path)
            #expect(lint.status == 0, "\(lint)")
        } else {
            print("skipped xmllint: /usr/bin/xmllint is missing (scripts/install-deps.sh installs libxml2-utils)")
        }
        let dina = try w.trialkit("export", "odm", "--user", "dina")
        #expect(dina.status == 0)
        #expect(!dina.stdout.contains("I.ARM") && !dina.stdout.contains("CL.ARM"))
        #expect(dina.stdout.contains("I.STRATUM.municipality"))
        #expect(try w.trialkit("export", "odm", "--out", "trial.xml", "--user", "stan").status == 73)
        #expect(try w.trialkit("export", "odm", "--out", "trial.xml", "--force", "--user", "stan").status == 0)
        #expect(try w.trialkit("export", "odm", "--user", "alice").status == 77)
    }

    @Test("crf validate --max-issues lists the first issues and counts all of them")
    func maxIssues() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 20)
        let header = "participant_id,visit,visit_date," + (1...15).map { String(format: "qpr%02d", $0) }.joined(separator: ",")
        let rows = (1...30).map { "X\($0),baseline,2024-01-01," + Array(repeating: "9", count: 15).joined(separator: ",") }
        try w.write("bad.csv", ([header] + rows).joined(separator: "\n") + "\n")
        let outcome = try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--json", "--max-issues", "5", "--user", "dina")
        #expect(outcome.status == 65)
        let json = try #require(try outcome.json() as? [String: Any])
        #expect((json["issues"] as? [[String: Any]])?.count == 5)
        #expect((json["issues"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [2, 2, 2, 2, 2])
        #expect(json["omitted"] as? Int == 30 * 16 - 5)
        #expect(json["counts"] as? [String: Int] == ["unknown_participant": 30, "out_of_range": 450])
        #expect(json["severity_counts"] as? [String: Int] == ["error": 480, "warning": 0, "note": 0])
        #expect(outcome.stderr == "bad.csv has 480 errors (see the report); correct them and validate again.\n")
        let text = try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--max-issues", "5", "--user", "dina")
        #expect(text.stdout.contains("… and 475 more issues not listed"))
        #expect(try w.trialkit("crf", "validate", "bad.csv", "--form", "qpr15", "--max-issues", "0", "--user", "dina").status == 64)
    }

    @Test("crf validate: a 20 MB file without a line break is refused with exit 65, naming the line and the limit")
    func longLine() throws {
        let w = try Workspace()
        try w.crfTrial(limit: 1)
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        FileManager.default.createFile(atPath: w.file("long.csv"), contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: w.file("long.csv")))
        for _ in 0..<20 { handle.write(chunk) }
        try handle.close()
        let outcome = try w.trialkit("crf", "validate", "long.csv", "--form", "qpr15", "--user", "dina")
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.hasPrefix("Data file long.csv line 1 is longer than 8388608 bytes, so it was not read;"))
        let second = "participant_id,visit,visit_date\n" + String(repeating: "b", count: 9 << 20) + "\n"
        try w.write("long2.csv", second)
        let again = try w.trialkit("crf", "import", "long2.csv", "--form", "qpr15", "--user", "dina")
        #expect(again.status == 65)
        #expect(again.stderr.hasPrefix("Data file long2.csv line 2 is longer than 8388608 bytes"))
    }
}
