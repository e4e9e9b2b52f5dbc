import Foundation
import CRFValidation
import TrialCore

/// Scores of stored records, computed by the protocol's scoring rules (`ScoreCalculator`):
/// score name → participant → visit → value (absent when too few items were answered or
/// there is no record).
struct ScoreTable {
    private(set) var values: [String: [String: [String: Double]]] = [:]

    /// The form that computes `score` (its total or one of its subscores).
    static func form(computing score: String, in trial: TrialProtocol) -> Form? {
        trial.forms.first { form in
            guard let scoring = form.score else { return false }
            return form.name == score || scoring.subscores.contains { $0.name == score }
        }
    }

    /// Scores `scores` from `records`; an item is missing when empty, absent, a missing-value
    /// code of its field, or not a number.
    init(scores: [String], records: [CRFRecord], trial: TrialProtocol) throws {
        var calculators: [String: (ScoreCalculator, Form)] = [:]
        for score in scores {
            guard let form = Self.form(computing: score, in: trial), let calculator = ScoreCalculator(form: form) else {
                throw AnalysisError.unknownScore(name: score)
            }
            calculators[form.name] = (calculator, form)
        }
        let wanted = Set(scores)
        for record in records {
            guard let (calculator, form) = calculators[record.form] else { continue }
            let results = calculator.scores { item in Self.number(record.values[item], field: form.field(named: item)) }
            for result in results where wanted.contains(result.name) {
                if let value = result.value {
                    values[result.name, default: [:]][record.participantID, default: [:]][record.visit] = value
                }
            }
        }
    }

    func value(_ score: String, participant: String, visit: String) -> Double? {
        values[score]?[participant]?[visit]
    }

    private static func number(_ text: String?, field: Field?) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let field, field.missingCodes.contains(where: { $0.code == text }) { return nil }
        return Double(text)
    }
}
