import Foundation
import Testing
@testable import Tabular

/// The streaming CSV reader: delimiters, BOM, quotes, line endings, line numbers, chunks.
@Suite struct CSVReaderTests {
    /// Every record as (line, cells, problem) read with the given chunk size.
    func records(_ bytes: [UInt8], chunk: Int = 1 << 20) -> [(Int, [String], String?)] {
        var reader = CSVRecordReader(source: .memory(Data(bytes), offset: 0), chunkSize: chunk)
        var record = CSVRecord()
        var result: [(Int, [String], String?)] = []
        while reader.next(into: &record) {
            let cells = record.cells.map { String(decoding: record.bytes[$0.start..<$0.end], as: UTF8.self) }
            result.append((record.line, cells, record.problem))
        }
        return result
    }

    func records(_ text: String, chunk: Int = 1 << 20) -> [(Int, [String], String?)] {
        records(Array(text.utf8), chunk: chunk)
    }

    func delimiter(_ text: String) -> UInt8 {
        CSVRecordReader(source: .memory(Data(text.utf8), offset: 0)).delimiter
    }

    @Test func sniffsTheDelimiterFromTheHeader() {
        #expect(delimiter("a,b,c\n1;2;3;4\n") == UInt8(ascii: ","))
        #expect(delimiter("a;b;c\n1,2\n") == UInt8(ascii: ";"))
        #expect(delimiter("a\tb\n") == UInt8(ascii: "\t"))
        #expect(delimiter("\"x;y\",b\n") == UInt8(ascii: ","))   // quoted delimiters do not count
        #expect(delimiter("single\n") == UInt8(ascii: ","))
    }

    @Test func quotesAndLineNumbers() {
        let text = "h1,h2\n\"a,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\r\nlast,\"\"\n"
        let rows = records(text)
        #expect(rows.map(\.0) == [1, 2, 3, 5])
        #expect(rows.map(\.1) == [["h1", "h2"], ["a,1", "say \"hi\""], ["two\nlines", "x"], ["last", ""]])
        #expect(rows.allSatisfy { $0.2 == nil })
    }

    @Test func byteOrderMarkAndLineEndings() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let rows = records(bom + Array("a;b\r1;2\r\n3;4\n5;6".utf8))
        #expect(rows.map(\.0) == [1, 2, 3, 4])
        #expect(rows.map(\.1) == [["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]])
    }

    @Test func problemsAreReportedNotFixed() {
        let rows = records("a,b\n\"x\"y,2\n\"open,3\nmore\n")
        #expect(rows.count == 3)
        #expect(rows[1].2 == "text follows the closing quote of cell 1; quote the whole cell and double any quote inside it")
        #expect(rows[2].0 == 3)
        #expect(rows[2].2 == "a quote opened in cell 1 is never closed")
    }

    @Test func blankRowsAreBlank() {
        var reader = CSVRecordReader(source: .memory(Data("a,b\n\n,\n1,2\n".utf8), offset: 0))
        var record = CSVRecord()
        var blank: [Bool] = []
        while reader.next(into: &record) { blank.append(record.isBlank) }
        #expect(blank == [false, true, true, false])
    }

    /// Records that straddle chunk boundaries (even a `""` or a CRLF split in two) come out
    /// the same as when the whole file is one chunk.
    @Test(arguments: [1, 2, 3, 7, 64])
    func chunkBoundariesDoNotMatter(_ chunk: Int) {
        let text = "id,note,n\r\n1,\"a \"\"b\"\"\r\nc\",2\r\n2,plain,3\r\n3,\"\",\r\n"
        let whole = records(text)
        let chunked = records(text, chunk: chunk)
        #expect(chunked.map(\.0) == whole.map(\.0))
        #expect(chunked.map(\.1) == whole.map(\.1))
        #expect(whole.map(\.0) == [1, 2, 4, 5])
    }
}
