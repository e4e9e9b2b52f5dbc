import CRFValidation
import Foundation
import TrialCore

/// Where `crf enter` talks: prompts and notes to stdout (stderr with --json, so stdout holds
/// only the JSON result), answers from stdin one line at a time. No terminal control: a pipe works.
struct EntryConsole {
    let toStandardError: Bool

    func say(_ text: String) { write(text + "\n") }

    func prompt(_ text: String) { write(text + " ") }

    private func write(_ text: String) {
        if toStandardError {
            FileHandle.standardError.write(Data(text.utf8))
        } else {
            print(text, terminator: "")
            fflush(nil)
        }
    }

    /// The next line, trimmed; input that ends is an error that writes nothing (exit 65).
    /// Answers read from a pipe or file are echoed, so the transcript reads like a session.
    func answer() throws -> String {
        guard let line = readLine(strippingNewline: true) else {
            write("\n")
            throw CLIError.invalidData("Input ended before the record was saved, so nothing was written; run `trialkit crf enter` again.")
        }
        let answer = line.trimmingCharacters(in: .whitespaces)
        if isatty(STDIN_FILENO) == 0 { write(answer + "\n") }
        return answer
    }
}

/// The conversation of one `crf enter`: visit date, each shown field, the checks at the end,
/// and the question whether to save. Every rule comes from `EntryCheck` (CRFValidation).
struct EntrySession {
    struct Record {
        /// `visit_date` and every entered field (empty when hidden or not answered), as stored.
        var values: [String: String]
        var outcome: EntryCheck.Outcome
    }

    let check: EntryCheck
    let participant: String
    let visit: Visit
    let inputs: ValidationInputs
    /// The stored record being corrected (with --reason), else nil.
    let stored: [String: String]?
    let console: EntryConsole
    private var values: [String: String] = [:]
    private var asked: Set<String> = []
    /// Fields skipped because their branching logic hid them.
    private var skipped: Set<String> = []

    init(check: EntryCheck, participant: String, visit: Visit, inputs: ValidationInputs, stored: [String: String]?,
         console: EntryConsole) {
        self.check = check; self.participant = participant; self.visit = visit; self.inputs = inputs
        self.stored = stored; self.console = console
    }

    /// Runs the conversation; nil when the person chose not to save.
    mutating func run() throws -> Record? {
        let form = check.form
        console.say("Form \(form.name) (\(form.label)) for \(participant) at visit \(visit.name) (\(visit.label))."
            + (stored == nil ? "" : " Correcting the stored record: an empty answer keeps the stored value."))
        try askVisitDate()
        try askFields()
        while true {
            let outcome = evaluate()
            report(outcome)
            let errors = outcome.issues.filter { $0.severity == .error }
            if errors.isEmpty { break }
            console.say("The record has \(errors.count) error\(errors.count == 1 ? "" : "s") and cannot be saved as it is.")
            console.prompt("Field to change (its name), or an empty line to stop without saving:")
            let name = try console.answer()
            if name.isEmpty { return nil }
            if name == FieldReference.visitDate {
                try askVisitDate()
            } else if let field = check.enteredFields.first(where: { $0.name == name }) {
                try ask(field, hidden: evaluate().hidden)
                try askFields()
            } else {
                console.say("  `\(name)` is not a field of \(form.name); fields: visit_date, "
                    + check.enteredFields.map(\.name).joined(separator: ", ") + ".")
            }
        }
        console.prompt("Save? [y/N]")
        let answer = try console.answer().lowercased()
        guard answer == "y" || answer == "yes" else { return nil }
        var record = values
        for field in check.enteredFields where record[field.name] == nil { record[field.name] = "" }
        return Record(values: record, outcome: evaluate())
    }

    // MARK: - Questions

    private mutating func askVisitDate() throws {
        let name = FieldReference.visitDate
        var hint = "YYYY-MM-DD, or `today`"
        if let randomized = inputs.randomizationDates[participant] {
            let from = CalendarDate(dayNumber: randomized.dayNumber + visit.window.lowerBound)
            let to = CalendarDate(dayNumber: randomized.dayNumber + visit.window.upperBound)
            hint += "; window \(from) to \(to) (days \(visit.window.lowerBound) to \(visit.window.upperBound) from randomization)"
        }
        try askUntilAccepted(name, "Visit date [\(hint)]" + storedNote(name) + ":") { answer in
            answer.lowercased() == "today" ? FieldPrompt.today() : answer
        }
    }

    /// Asks every field the branching logic shows and that has not been asked; clears hidden
    /// ones. Repeats until nothing changes, so a field shown by a later answer is asked too.
    private mutating func askFields() throws {
        var changed = true
        while changed {
            changed = false
            for field in check.enteredFields {
                let hidden = evaluate().hidden
                if hidden.contains(field.name) {
                    if skipped.insert(field.name).inserted {
                        console.say("  \(field.name): skipped, hidden by its branching logic (`\(field.showIf ?? "")`).")
                    }
                    values[field.name] = ""
                    asked.insert(field.name)
                } else if !asked.contains(field.name) || skipped.contains(field.name) {
                    skipped.remove(field.name)
                    try ask(field, hidden: hidden)
                    changed = true
                }
            }
        }
    }

    private mutating func ask(_ field: Field, hidden: Set<String>) throws {
        asked.insert(field.name)
        if hidden.contains(field.name) {
            values[field.name] = ""
            return
        }
        let title = field.label == field.name ? field.name : "\(field.name) – \(field.label)"
        try askUntilAccepted(field.name, "\(title) [\(FieldPrompt.describe(field))]" + storedNote(field.name) + ":") { answer in
            FieldPrompt.shorthand(answer, for: field)
        }
    }

    /// Prompts until the answer gives no error for `name`; warnings are shown and accepted.
    private mutating func askUntilAccepted(_ name: String, _ question: String, _ normalize: (String) -> String) throws {
        while true {
            console.prompt(question)
            let typed = try console.answer()
            var answer = normalize(typed)
            if answer != typed { console.say("  (\(typed) = \(answer))") }
            if answer.isEmpty, let kept = stored?[name], !kept.isEmpty { answer = kept }
            values[name] = answer
            // Edit checks run at the end, once every value they read is known.
            let issues = evaluate().issues(of: name).filter { $0.code != .checkFailed }
            let errors = issues.filter { $0.severity == .error }
            if let error = errors.first {
                console.say("  ✗ \(error.message); try again.")
                continue
            }
            for warning in issues where warning.severity != .error {
                console.say("  ! \(warning.message) (kept; saving opens a query)")
            }
            return
        }
    }

    private func storedNote(_ name: String) -> String {
        guard let value = stored?[name], !value.isEmpty else { return "" }
        return " (stored: \(value))"
    }

    // MARK: - Checking

    private func evaluate() -> EntryCheck.Outcome {
        check.check(participant: participant, visit: visit.name, visitDate: values[FieldReference.visitDate] ?? "",
                    values: values, knownParticipants: inputs.participants,
                    randomizationDates: inputs.randomizationDates, existingRecords: inputs.lookup)
    }

    /// Calculated fields, scores, and every issue of the whole record.
    private func report(_ outcome: EntryCheck.Outcome) {
        for field in check.form.fields where field.kind == .calculated {
            console.say("Calculated \(field.name) = " + (outcome.calculated[field.name].map(FieldPrompt.number) ?? "(none)"))
        }
        if let calculator = ScoreCalculator(form: check.form) {
            let form = check.form
            for score in calculator.scores({ name in
                let codes = form.field(named: name)?.missingCodes.map(\.code) ?? []
                guard let text = values[name], !codes.contains(text) else { return nil }
                return Double(text)
            }) {
                console.say("Score \(score.name) = " + (score.value.map(FieldPrompt.number) ?? "missing")
                    + " (\(score.answered) of \(score.items) items answered)")
            }
        }
        for issue in outcome.issues {
            let field = issue.field.map { " \($0)" } ?? ""
            console.say("  \(issue.severity.rawValue) [\(issue.code.rawValue)]\(field): \(issue.message)"
                + (issue.severity == .error ? "" : " (saving opens a query)"))
        }
        if outcome.issues.isEmpty { console.say("All checks passed.") }
    }
}
