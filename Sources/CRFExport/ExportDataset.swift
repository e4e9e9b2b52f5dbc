import TrialCore

/// What an export may say about a participant's randomization.
public struct ExportSubject: Sendable, Equatable {
    public var participantID: String
    /// The arm code; nil when the participant is not randomized or the reader is blinded.
    public var arm: String?
    /// Stratification factor → level.
    public var strata: [String: String]

    public init(participantID: String, arm: String?, strata: [String: String]) {
        self.participantID = participantID; self.arm = arm; self.strata = strata
    }
}

/// Everything an export writes: the protocol, the stored records and the participants.
///
/// `armsVisible` is false for a role the protocol blinds: then no arm column, item, code list
/// or value is written, and any arm the subjects carry is dropped.
public struct ExportDataset: Sendable {
    public var trial: TrialProtocol
    public var records: [CRFRecord]
    public var subjects: [String: ExportSubject]
    public var armsVisible: Bool

    public init(trial: TrialProtocol, records: [CRFRecord], subjects: [ExportSubject], armsVisible: Bool) {
        self.trial = trial
        self.records = records
        self.armsVisible = armsVisible
        var byID: [String: ExportSubject] = [:]
        for var subject in subjects {
            if !armsVisible { subject.arm = nil }
            byID[subject.participantID] = subject
        }
        self.subjects = byID
    }

    /// Participants with a record or a randomization, in ID order (byte order of UTF-8).
    var participantIDs: [String] {
        Set(records.map(\.participantID)).union(subjects.keys).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Records ordered by participant ID, then visit in protocol order, then form in the visit's order.
    func orderedRecords(form: String? = nil) -> [CRFRecord] {
        let visitOrder = Dictionary(trial.visits.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let formOrder = Dictionary(trial.forms.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        return records.filter { form == nil || $0.form == form }.sorted { a, b in
            if a.participantID != b.participantID {
                return Array(a.participantID.utf8).lexicographicallyPrecedes(Array(b.participantID.utf8))
            }
            let va = visitOrder[a.visit] ?? .max, vb = visitOrder[b.visit] ?? .max
            if va != vb { return va < vb }
            if a.visit != b.visit { return a.visit < b.visit }
            return (formOrder[a.form] ?? .max) < (formOrder[b.form] ?? .max)
        }
    }
}

/// Why an export cannot be made or read back.
public enum ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The form is not defined in the protocol (exit 64).
    case unknownForm(name: String, known: [String])
    /// The protocol's expressions do not compile (exit 65).
    case invalidProtocol(detail: String)
    /// An ODM file that is not well-formed XML (exit 65).
    case malformedXML(source: String, line: Int, detail: String)
    /// An ODM file whose structure this reader does not understand (exit 65).
    case unexpectedODM(source: String, line: Int, detail: String)

    public var description: String {
        switch self {
        case .unknownForm(let name, let known):
            return "Form `\(name)` is not defined in the protocol; use one of: \(known.joined(separator: ", "))."
        case .invalidProtocol(let detail):
            return "The protocol cannot be exported: \(detail)"
        case .malformedXML(let source, let line, let detail):
            return "\(source) line \(line) is not well-formed XML (\(detail)); export the file again."
        case .unexpectedODM(let source, let line, let detail):
            return "\(source) line \(line): \(detail); only ODM 1.3 files written by `trialkit export odm` can be read back."
        }
    }
}
