import CRFValidation
import TrialCore

/// One form's data as a wide table: one row per participant × visit.
///
/// Columns, in order: `participant_id`, `visit`, `visit_date`; then (layout `.analysis`) `arm`
/// (only when arms are visible) and one column per stratification factor; every field of the
/// form in protocol order (calculated fields computed by `RecordDerivation`, the validator's
/// rules); then (layout `.analysis`) the form's score and subscores (`ScoreCalculator`).
/// Values are the stored texts: a missing-value code is written as the code, an empty field as
/// an empty cell. Rows are ordered by participant ID, then visit in protocol order.
///
/// The `.forImport` layout has only the columns `crf validate` / `crf import` accept for the form.
public struct WideTable: Sendable {
    public enum Layout: Sendable { case analysis, forImport }

    public let header: [String]
    public let rows: [[String]]
    /// The columns of the form's fields (for comparing two exports field by field).
    public let fieldColumns: Range<Int>

    public init(_ dataset: ExportDataset, form formName: String, layout: Layout = .analysis) throws(ExportError) {
        let trial = dataset.trial
        guard let form = trial.form(named: formName) else {
            throw .unknownForm(name: formName, known: trial.forms.map(\.name))
        }
        let derivation: RecordDerivation
        do { derivation = try RecordDerivation(trial: trial, form: formName) } catch {
            throw .invalidProtocol(detail: error.description)
        }
        let analysis = layout == .analysis
        let showArm = analysis && dataset.armsVisible
        let factors = analysis ? trial.stratification.map(\.name) : []
        let scoreNames = analysis ? derivation.scoreNames : []
        var header = ["participant_id", "visit", FieldReference.visitDate]
        if showArm { header.append("arm") }
        header += factors
        let firstField = header.count
        header += form.fields.map(\.name)
        fieldColumns = firstField..<header.count
        header += scoreNames
        self.header = header

        var lookup = InMemoryRecords()
        if form.fields.contains(where: { $0.kind == .calculated }) {
            for record in dataset.records {
                lookup.add(participant: record.participantID, visit: record.visit, form: record.form, values: record.values)
            }
        }
        var rows: [[String]] = []
        for record in dataset.orderedRecords(form: formName) {
            let subject = dataset.subjects[record.participantID]
            var row = [record.participantID, record.visit, record.values[FieldReference.visitDate] ?? ""]
            if showArm { row.append(subject?.arm ?? "") }
            for factor in factors { row.append(subject?.strata[factor] ?? "") }
            let derived = derivation.derive(record.values, participant: record.participantID, visit: record.visit,
                                            lookup: lookup)
            for field in form.fields {
                row.append(field.kind == .calculated ? derived.calculated[field.name] ?? "" : record.values[field.name] ?? "")
            }
            if analysis {
                for score in derived.scores { row.append(score.map { RecordDerivation.text(score: $0) } ?? "") }
            }
            rows.append(row)
        }
        self.rows = rows
    }

    /// The table as CSV text (header first; LF line ends).
    public func csv() -> String {
        var text = CSVText.row(header)
        for row in rows { text += CSVText.row(row) }
        return text
    }
}
