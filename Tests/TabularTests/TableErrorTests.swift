import Foundation
import Testing
@testable import Tabular

@Suite struct TableErrorTests {
    private func error(_ text: String, source: String = "data.csv") -> TableError? {
        do {
            _ = try DataTable.read(text: text, source: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func raggedRowNamesFileLineAndCounts() {
        let text = "a,b,c,d,e\n" + (2...6).map { "\($0),1,2,3,4" }.joined(separator: "\n")
            + "\n7,1,2,3\n"
        let failure = error(text)
        #expect(failure == .raggedRow(source: "data.csv", line: 7, fieldCount: 4, headerCount: 5))
        #expect(failure?.description == "data.csv line 7 has 4 fields but the header has 5; "
            + "fix the row or quote fields that contain the delimiter.")
        #expect(failure?.line == 7)
        #expect(failure?.category == .invalidData)
    }

    @Test func emptyFileAndBlankFileAreDataErrors() {
        #expect(error("") == .empty(source: "data.csv"))
        #expect(error("\n\n  \n") == .empty(source: "data.csv"))
        #expect(error("")?.category == .invalidData)
        #expect(error("")?.description.contains("needs a header row") == true)
    }

    @Test func duplicateColumnNames() {
        let failure = error("id,age,sex,age\n1,2,M,3\n")
        #expect(failure == .duplicateColumnName(source: "data.csv", line: 1, name: "age",
                                                columns: [2, 4]))
        #expect(failure?.description == "data.csv line 1: the column name 'age' appears more "
            + "than once (columns 2 and 4); give each column a unique name.")
    }

    @Test func emptyColumnNameWithData() {
        #expect(error("a,,c\n1,2,3\n") == .emptyColumnName(source: "data.csv", line: 1, column: 2))
    }

    @Test func unterminatedQuote() {
        let failure = error("a,b\n1,2\n3,\"open\n4,5\n")
        #expect(failure == .unterminatedQuote(source: "data.csv", line: 3))
    }

    @Test func notUTF8ReportsLineAndByte() {
        // "ø" in Windows-1252 is the single byte 0xF8.
        let bytes = Array("id,site\n1,Aarhus\n2,K".utf8) + [0xF8] + Array("ge\n".utf8)
        do {
            _ = try DataTable.read(data: Data(bytes), source: "sites.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error == .notUTF8(source: "sites.csv", line: 3, byte: 0xF8))
            #expect(error.description.hasPrefix("sites.csv line 3 is not valid UTF-8 (byte 0xF8)"))
        }
    }

    @Test func missingFileAndDirectory() {
        do {
            _ = try DataTable.read(path: "/nonexistent/trial/data.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error == .fileNotFound(path: "/nonexistent/trial/data.csv"))
            #expect(error.category == .inputMissing)
        }
        do {
            _ = try DataTable.read(path: NSTemporaryDirectory())
            Issue.record("expected an error")
        } catch {
            #expect(error.category == .unreadable)
            #expect(error.description.contains("directory"))
        }
    }

    @Test func readsAFileFromDisk() throws {
        let path = NSTemporaryDirectory() + "tabular-\(UUID().uuidString).csv"
        try "y;x\n1,5;2\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try DataTable.read(path: path)
        #expect(table.source == path)
        #expect(table.columns["y"] == .numeric([1.5]))
    }
}
