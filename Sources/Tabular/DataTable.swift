/// A rectangular table of named, typed columns, as read from a CSV file.
///
/// Knows nothing of trials or models. A value is `nil` when missing (empty cell or `NA`).
public struct DataTable: Sendable, Equatable {
    /// A column: numeric when every non-missing cell parses as a number, text otherwise.
    public enum Column: Sendable, Equatable {
        case numeric([Double?])
        case text([String?])

        public var count: Int {
            switch self {
            case .numeric(let values): values.count
            case .text(let values): values.count
            }
        }
    }

    /// Column names in file order.
    public private(set) var columnNames: [String]
    public private(set) var columns: [String: Column]
    /// The source line number (header = 1) of each row, for error messages.
    public private(set) var lineNumbers: [Int]
    /// Where the table came from (a file path), for error messages.
    public var source: String

    public var rowCount: Int { lineNumbers.count }

    public init(source: String, columnNames: [String], columns: [String: Column],
                lineNumbers: [Int]) {
        self.source = source
        self.columnNames = columnNames
        self.columns = columns
        self.lineNumbers = lineNumbers
    }
}
