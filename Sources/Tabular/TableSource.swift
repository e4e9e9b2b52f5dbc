import Foundation

/// What `DataTable` and `TextTable` share before and after splitting the bytes: loading a file
/// with the errors that name it, and checking the header's column names.
enum TableSource {
    /// The bytes of the file at `path`.
    /// - Throws: `TableError.fileNotFound`, or `.unreadableFile` for a directory or a read failure.
    static func data(path: String) throws(TableError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        if isDirectory.boolValue { throw .unreadableFile(path: path, reason: "it is a directory") }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
    }

    /// Refuses an empty or repeated column name, naming the header line and column positions.
    static func checkColumnNames(_ names: [String], line: Int, source: String) throws(TableError) {
        if let empty = names.firstIndex(of: "") {
            throw .emptyColumnName(source: source, line: line, column: empty + 1)
        }
        var firstPosition: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = firstPosition[name] {
                throw .duplicateColumnName(source: source, line: line, name: name, columns: [first + 1, index + 1])
            }
            firstPosition[name] = index
        }
    }
}
