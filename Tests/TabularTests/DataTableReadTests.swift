import Foundation
import Testing
@testable import Tabular

@Suite struct DataTableReadTests {
    @Test func readsNumericAndTextColumnsWithMissingValues() throws {
        let table = try DataTable.read(text: """
            id,arm,score,visit
            1,PEER,12.5,baseline
            2,SAU,NA,baseline
            3,,7,week12
            """, source: "data.csv")
        #expect(table.columnNames == ["id", "arm", "score", "visit"])
        #expect(table.rowCount == 3)
        #expect(table.lineNumbers == [2, 3, 4])
        #expect(table.columns["id"] == .numeric([1, 2, 3]))
        #expect(table.columns["arm"] == .text(["PEER", "SAU", nil]))
        #expect(table.columns["score"] == .numeric([12.5, nil, 7]))
        #expect(table.columns["visit"] == .text(["baseline", "baseline", "week12"]))
        #expect(table.source == "data.csv")
    }

    @Test func aColumnWithOneNonNumberIsText() throws {
        let table = try DataTable.read(text: "x\n1\n2\nthree\n")
        #expect(table.columns["x"] == .text(["1", "2", "three"]))
    }

    @Test func nonFiniteNumbersMakeATextColumn() throws {
        let table = try DataTable.read(text: "x,y\n1,inf\n2,nan\n")
        #expect(table.columns["x"] == .numeric([1, 2]))
        #expect(table.columns["y"] == .text(["inf", "nan"]))
    }

    @Test func allMissingColumnIsNumeric() throws {
        let table = try DataTable.read(text: "a,b\n1,\n2,NA\n")
        #expect(table.columns["b"] == .numeric([nil, nil]))
    }

    @Test func semicolonDelimiterAndDecimalCommaFromDanishExcel() throws {
        let table = try DataTable.read(text: "id;weight;site\r\n1;72,5;Aarhus\r\n2;80;Odense\r\n")
        #expect(table.columnNames == ["id", "weight", "site"])
        #expect(table.columns["weight"] == .numeric([72.5, 80]))
        #expect(table.columns["site"] == .text(["Aarhus", "Odense"]))
    }

    @Test func commaDelimitedKeepsCommasInsideQuotes() throws {
        let table = try DataTable.read(text: "name,score\n\"Hansen, Ole\",3\n\"say \"\"hi\"\"\",4\n")
        #expect(table.columns["name"] == .text(["Hansen, Ole", "say \"hi\""]))
        #expect(table.columns["score"] == .numeric([3, 4]))
    }

    @Test func byteOrderMarkIsDroppedFromTheFirstColumnName() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,y\n1,2\n".utf8)
        let table = try DataTable.read(data: Data(bytes), source: "bom.csv")
        #expect(table.columnNames == ["id", "y"])
        let fromText = try DataTable.read(text: "\u{FEFF}id;y\n1;2\n")
        #expect(fromText.columnNames == ["id", "y"])
    }

    @Test func quotedNewlinesKeepLineNumbersRight() throws {
        let table = try DataTable.read(text: "id,note\n1,\"two\nlines\"\n2,plain\n\n3,x\n")
        #expect(table.rowCount == 3)
        #expect(table.lineNumbers == [2, 4, 6])
        #expect(table.columns["note"] == .text(["two\nlines", "plain", "x"]))
    }

    @Test func trailingUnnamedEmptyColumnIsDropped() throws {
        let table = try DataTable.read(text: "a,b,\n1,2,\n3,4,\n")
        #expect(table.columnNames == ["a", "b"])
    }

    @Test func surroundingSpacesAreTrimmed() throws {
        let table = try DataTable.read(text: "a , b\n 1 , Male \n2,NA \n")
        #expect(table.columnNames == ["a", "b"])
        #expect(table.columns["a"] == .numeric([1, 2]))
        #expect(table.columns["b"] == .text(["Male", nil]))
    }

    @Test func headerOnlyGivesAnEmptyTable() throws {
        let table = try DataTable.read(text: "a,b\n")
        #expect(table.rowCount == 0)
        #expect(table.columns["a"] == .numeric([]))
    }
}
