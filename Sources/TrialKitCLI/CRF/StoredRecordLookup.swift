import CRFValidation
import TrialCore
import TrialStore

/// CRFValidation's `RecordLookup` over the records stored in the trial database, loaded once.
///
/// `duplicates` answers `hasRecord` (which records a new file may not repeat); `values` answers
/// `value` (what cross-visit and cross-form checks read). They differ for a correction (stored
/// records may be replaced, so none is a duplicate) and for the second entry pass (duplicates
/// are second-pass records, checks read the values of record).
struct StoredRecordLookup: RecordLookup {
    private struct Key: Hashable { var participant, visit, form: String }
    private var duplicates: Set<Key> = []
    private var values: [Key: [String: String]] = [:]

    init(values records: [CRFRecord], duplicates: [CRFRecord]) {
        for record in records {
            values[Key(participant: record.participantID, visit: record.visit, form: record.form)] = record.values
        }
        self.duplicates = Set(duplicates.map { Key(participant: $0.participantID, visit: $0.visit, form: $0.form) })
    }

    func hasRecord(participant: String, visit: String, form: String) -> Bool {
        duplicates.contains(Key(participant: participant, visit: visit, form: form))
    }

    func value(participant: String, visit: String, form: String, field: String) -> String? {
        guard let record = values[Key(participant: participant, visit: visit, form: form)] else { return nil }
        return record[field] ?? ""
    }
}

/// What validation needs from the database: enrolled participants, randomization dates and stored records.
struct ValidationInputs {
    var participants: Set<String>
    var randomizationDates: [String: CalendarDate]
    var lookup: StoredRecordLookup

    /// - Parameters:
    ///   - pass: the entry pass the data is for.
    ///   - correcting: stored first-pass records may be replaced (a reason is given).
    static func load(_ store: TrialStore, pass: EntryPass, correcting: Bool) throws -> ValidationInputs {
        let first = try store.records()
        let duplicates: [CRFRecord]
        switch pass {
        case .first: duplicates = correcting ? [] : first
        case .second: duplicates = correcting ? [] : try store.records(pass: .second)
        }
        var dates: [String: CalendarDate] = [:]
        for allocation in try store.allocations() {
            if let date = CalendarDate(iso: String(allocation.allocatedAt.prefix(10))) { dates[allocation.participantID] = date }
        }
        return ValidationInputs(participants: try store.participantIDs(), randomizationDates: dates,
                                lookup: StoredRecordLookup(values: first, duplicates: duplicates))
    }

    func validate(_ validator: Validator, file: String, form: String) throws -> ValidationReport {
        try validator.validate(file: file, form: form, knownParticipants: participants,
                               randomizationDates: randomizationDates, existingRecords: lookup)
    }
}
