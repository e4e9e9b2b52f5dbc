/// Baseline characteristics by arm ("Table 1"): rows of already formatted cells.
///
/// Values are texts because a baseline row mixes kinds (mean (SD), n (%), median [IQR]); the
/// analysis formats them. A `.header` row is a group heading (e.g. "Sex") and has no values.
public struct BaselineTable: Sendable, Equatable {
    /// Rows in display order.
    public var rows: [Row]

    public init(rows: [Row]) {
        self.rows = rows
    }

    public struct Row: Sendable, Equatable {
        /// Characteristic, e.g. "Age, years, mean (SD)", or a group heading.
        public var label: String
        /// One formatted cell per arm (empty for headers), in arm order.
        public var values: [String]
        /// An optional "Total" cell.
        public var total: String?
        public var kind: Kind

        public init(label: String, values: [String], total: String? = nil, kind: Kind = .row) {
            self.label = label
            self.values = values
            self.total = total
            self.kind = kind
        }
    }

    public enum Kind: Sendable, Equatable {
        /// A group heading spanning the table; its `values` are ignored.
        case header
        /// A characteristic with one value per arm.
        case row
    }
}

/// Observed and missing values of an outcome in one arm at one visit.
public struct MissingnessCell: Sendable, Equatable {
    /// Index into ``ReportDocument/armNames``.
    public var arm: Int
    /// The visit's label.
    public var visit: String
    public var observed: Int
    public var missing: Int

    public init(arm: Int, visit: String, observed: Int, missing: Int) {
        self.arm = arm
        self.visit = visit
        self.observed = observed
        self.missing = missing
    }
}
