/// Access to records already stored (by the trial database, later), for duplicate detection
/// and for checks that read other visits or other forms.
///
/// Values are the texts as they were entered (validated by the same rules when read back);
/// `visit_date` names the record's visit date.
public protocol RecordLookup {
    /// Whether a record of `form` for `participant` at `visit` is already stored.
    func hasRecord(participant: String, visit: String, form: String) -> Bool
    /// The stored text of `field` in that record; nil when there is no such record, `""`
    /// when the record leaves the field empty.
    func value(participant: String, visit: String, form: String, field: String) -> String?
}

/// No stored records: every file is validated on its own.
public struct NoRecords: RecordLookup {
    public init() {}
    public func hasRecord(participant: String, visit: String, form: String) -> Bool { false }
    public func value(participant: String, visit: String, form: String, field: String) -> String? { nil }
}

/// Records held in memory, for tests and for validating several files together.
public struct InMemoryRecords: RecordLookup {
    private struct Key: Hashable { var participant, visit, form: String }
    private var records: [Key: [String: String]] = [:]

    public init() {}

    /// Stores (or replaces) a record: its field texts by name, including `visit_date`.
    public mutating func add(participant: String, visit: String, form: String, values: [String: String]) {
        records[Key(participant: participant, visit: visit, form: form)] = values
    }

    public func hasRecord(participant: String, visit: String, form: String) -> Bool {
        records[Key(participant: participant, visit: visit, form: form)] != nil
    }

    public func value(participant: String, visit: String, form: String, field: String) -> String? {
        guard let record = records[Key(participant: participant, visit: visit, form: form)] else { return nil }
        return record[field] ?? ""
    }
}
