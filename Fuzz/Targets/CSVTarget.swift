import Foundation
import Tabular

extension FuzzTarget {
    /// The byte-level CSV reader, in small chunks so that every record boundary can fall on a
    /// chunk boundary, then `DataTable` (typed columns) and `TextTable` (text cells).
    public static let csv = FuzzTarget(name: "csv") { data in
        var reader = CSVRecordReader(source: .memory(data, offset: 0), chunkSize: 7)
        var record = CSVRecord()
        var records = 0, cells = 0
        while reader.next(into: &record) {
            records += 1
            for index in record.cells.indices { cells += record.string(index).utf8.count > 0 ? 1 : 0 }
        }
        do throws(TableError) {
            let table = try DataTable.read(data: data, source: "fuzz.csv")
            let text = try TextTable.read(data: data, source: "fuzz.csv")
            return .accepted("\(records) records, \(table.rowCount) rows, \(text.columnNames.count) columns")
        } catch {
            return .rejected(error.description)
        }
    }
}
