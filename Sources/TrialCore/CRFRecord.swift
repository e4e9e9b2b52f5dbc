/// One CRF record: the texts of a form's fields for one participant at one visit, by field name
/// (`visit_date` included), as entered: missing-value codes are kept as their codes, and an
/// absent or empty text is a field left empty (the store keeps it as NULL). The one record type
/// shared by the store, the validator's callers, the exports and the analysis.
public struct CRFRecord: Sendable, Equatable {
    public var participantID: String
    public var visit: String
    public var form: String
    public var values: [String: String]

    public init(participantID: String, visit: String, form: String, values: [String: String]) {
        self.participantID = participantID; self.visit = visit; self.form = form; self.values = values
    }
}
