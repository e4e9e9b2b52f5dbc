import ArgumentParser
import CRFValidation
import Foundation
import TrialCore
import TrialStore

/// `trialkit crf enter PARTICIPANT --visit V --form F [--reason TEXT] [--pass 2]`: interactive
/// entry of one record, checked value by value with the validator's rules.
struct CRFEnter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enter",
        abstract: "Enter one CRF record interactively, checking each value as it is typed (data manager).",
        discussion: """
            Asks for the visit date, then each field the branching logic shows, with its label, \
            range or choices and missing-value codes. Every answer is checked at once with the \
            same rules as `crf validate`; a refused answer is asked again with the reason. Fields \
            hidden by earlier answers are skipped and stay empty. At the end the form's edit \
            checks run, calculated fields and scores are shown, and `Save? [y/N]` is asked. \
            Saving goes through the same write path as `crf import`: one transaction, one audit \
            event per value, warnings open queries. Correcting a stored record needs --reason; \
            then an empty answer keeps the stored value. Reads answers line by line from stdin \
            (a pipe works). Exit 0 when saved or when the answer to Save is not yes (nothing \
            written), 65 when input ends before the record is saved (nothing written) or the \
            record is already stored and no --reason is given, 64 for an unknown participant, \
            visit or form.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The participant's ID.", valueName: "participant"))
    var participant: String

    @Option(help: "The visit the record belongs to.")
    var visit: String

    @Option(help: "The protocol form to enter.")
    var form: String

    @Option(help: "Why stored values are changed (required to correct a stored record).")
    var reason: String?

    @Option(help: "Entry pass: 1 (default, the values of record) or 2 (double data entry).")
    var pass: Int = 1

    func run() throws {
        let context = try TrialContext.open(global, for: .crfEnter, readOnly: true)
        let entryPass = try EntryPass.parse(pass)
        let trial = context.spec
        guard trial.form(named: form) != nil else {
            throw CLIError.usage("Form `\(form)` is not in the protocol; forms: \(trial.forms.map(\.name).joined(separator: ", ")).")
        }
        guard let schedule = trial.visits.first(where: { $0.name == visit }) else {
            throw CLIError.usage("Visit `\(visit)` is not in the protocol; visits: \(trial.visits.map(\.name).joined(separator: ", ")).")
        }
        guard schedule.forms.contains(form) else {
            let collecting = trial.visits.filter { $0.forms.contains(form) }.map(\.name)
            throw CLIError.usage("Visit `\(visit)` does not collect form `\(form)`; it is collected at \(collecting.joined(separator: ", ")).")
        }
        let inputs = try ValidationInputs.load(context.store, pass: entryPass, correcting: true)
        guard inputs.participants.contains(participant) else {
            throw CLIError.usage("Participant \(participant) is not enrolled in this trial; check the ID (`trialkit randomize list` lists them).")
        }
        let stored = try context.store.records(form: form, pass: entryPass)
            .first { $0.participantID == participant && $0.visit == visit }
        let correcting = !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if stored != nil, !correcting {
            throw CLIError.invalidData("\(participant) already has a record of form \(form) at visit \(visit)\(entryPass == .second ? " (entry pass 2)" : ""), so nothing was asked or written; to correct it, run again with --reason TEXT.")
        }
        var session = EntrySession(check: try EntryCheck(protocol: trial, form: form), participant: participant,
                                   visit: schedule, inputs: inputs, stored: stored?.values,
                                   console: EntryConsole(toStandardError: global.json))
        guard let record = try session.run() else {
            session.console.say("Not saved; nothing was written.")
            return
        }
        let warnings = record.outcome.issues.filter { $0.severity != .error }
        let queries = entryPass == .first ? warnings.compactMap { CRFImport.query(for: $0, form: form) } : []
        let store = try TrialStore.open(path: context.store.path)
        let summary = try store.storeRecords([CRFRecord(participantID: participant, visit: visit, form: form, values: record.values)],
                                             pass: entryPass, queries: queries, actor: context.user, reason: reason,
                                             action: AuditAction.crfEnter)
        if global.json {
            try Console.json(CRFImportResult(file: "-", form: form, pass: entryPass.rawValue, summary: summary, warnings: warnings))
            return
        }
        print("Saved \(participant) \(visit) \(form)\(entryPass == .second ? " (entry pass 2)" : "") in one transaction: "
              + "\(summary.created) values stored, \(summary.changed) changed, \(summary.unchanged) unchanged.")
        if !summary.queriesOpened.isEmpty {
            print("\(summary.queriesOpened.count) quer\(summary.queriesOpened.count == 1 ? "y" : "ies") opened for the warnings: "
                  + summary.queriesOpened.map(String.init).joined(separator: ", ") + " (see `trialkit queries list`).")
        }
    }
}
