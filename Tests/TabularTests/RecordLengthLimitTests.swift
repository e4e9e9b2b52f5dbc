import Foundation
import Testing
@testable import Tabular

/// `CSVRecordReader.maxRecordBytes`: a record longer than the limit is dropped, marked and
/// followed by the next record, whatever the chunk size; memory stays bounded.
@Suite struct RecordLengthLimitTests {
    /// (line, cells, isTooLong) of every record.
    func read(_ text: String, limit: Int, chunk: Int) -> [(Int, [String], Bool)] {
        var reader = CSVRecordReader(source: .memory(Data(text.utf8), offset: 0), chunkSize: chunk, maxRecordBytes: limit)
        var record = CSVRecord()
        var rows: [(Int, [String], Bool)] = []
        while reader.next(into: &record) {
            rows.append((record.line, record.cells.indices.map(record.string), record.isTooLong))
            #expect(record.bytes.count <= limit + chunk)
        }
        return rows
    }

    @Test("A long record in the middle is marked and skipped; the records around it are whole", arguments: [1, 3, 8, 64, 1 << 20])
    func middle(chunk: Int) {
        let text = "a,b\n1,2\n" + String(repeating: "x", count: 100) + ",y\n3,4\n"
        let rows = read(text, limit: 40, chunk: chunk)
        #expect(rows.map(\.0) == [1, 2, 3, 4])
        #expect(rows.map(\.2) == [false, false, true, false])
        #expect(rows[2].1.isEmpty)
        #expect(rows[3].1 == ["3", "4"])
    }

    @Test("A record exactly at the limit is read whole; one byte more is too long")
    func boundary() {
        // "abcdefgh\n" is 9 bytes of the file (the line break counts).
        #expect(read("h\nabcdefgh\n", limit: 9, chunk: 4).map(\.2) == [false, false])
        #expect(read("h\nabcdefghi\n", limit: 9, chunk: 4).map(\.2) == [false, true])
    }

    @Test("A quoted field with line breaks counts as one record; the lines after it are numbered right")
    func quoted() {
        let text = "h\n\"" + String(repeating: "line\n", count: 30) + "\"\nnext\n"
        let rows = read(text, limit: 50, chunk: 16)
        #expect(rows.map(\.2) == [false, true, false])
        #expect(rows.last?.0 == 33 && rows.last?.1 == ["next"])
    }

    @Test("A file that is one long line without a break: one record, marked, and the header sniffing stops at the limit")
    func oneLine() {
        let rows = read(String(repeating: "z", count: 10_000), limit: 100, chunk: 64)
        #expect(rows.count == 1)
        #expect(rows[0].2)
    }

    @Test("DataTable refuses a file with a too-long record with TableError.recordTooLong")
    func tableError() throws {
        let long = String(repeating: "9", count: CSVRecordReader.defaultMaxRecordBytes + 10)
        let error = TableError.recordTooLong(source: "d.csv", line: 2, limit: CSVRecordReader.defaultMaxRecordBytes)
        #expect(throws: error) { try CSVCells(data: Data("y\n\(long)\n".utf8), source: "d.csv") }
        #expect(error.description == "d.csv line 2 is longer than 8388608 bytes (8 MiB), so it was not read; check that the file is CSV text with one record per line (LF or CRLF line breaks) and not, e.g., a spreadsheet or a file whose line breaks were lost.")
        #expect(error.category == .invalidData)
    }
}
