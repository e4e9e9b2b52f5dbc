import Foundation
import Testing
import TrialCore
import TrialSpec
@testable import CRFValidation

/// `EntryCheck`: one record checked while it is entered, with the validator's rules.
@Suite("Entry check")
struct EntryCheckTests {
    static let trial = Result { try loadProtocol("protocols/example-3arm.yaml") }

    @Test("An answer's issues are the validator's; branching hides fields; calculated values are returned")
    func outcome() throws {
        let trial = try Self.trial.get()
        let adverse = try EntryCheck(protocol: trial, form: "adverse")
        #expect(adverse.enteredFields.map(\.name) == ["ae_any", "ae_description", "ae_severity"])
        let wrong = adverse.check(participant: "P001", visit: "week6", visitDate: "2024-03-01", values: ["ae_any": "2"])
        #expect(wrong.issues(of: "ae_any").map(\.code) == [.invalidChoice])
        #expect(wrong.issues(of: "ae_any").first?.message == "`ae_any` must be 1 (yes) or 0 (no) (value: `2`)")
        let no = adverse.check(participant: "P001", visit: "week6", visitDate: "2024-03-01", values: ["ae_any": "0"])
        #expect(no.hidden == ["ae_description", "ae_severity"])
        #expect(no.issues == [])
        let yes = adverse.check(participant: "P001", visit: "week6", visitDate: "2024-03-01", values: ["ae_any": "1"])
        #expect(yes.hidden == [])
        #expect(yes.issues.map(\.code) == [.missingRequired, .missingRequired])

        let body = try EntryCheck(protocol: trial, form: "body")
        let measured = body.check(participant: "P001", visit: "baseline", visitDate: "2024-03-01",
                                  values: ["measured_at": "2024-03-01T09:00", "weight_kg": "72.0", "height_m": "1.80"])
        #expect(measured.issues == [])
        #expect(abs((measured.calculated["bmi"] ?? 0) - 72.0 / (1.8 * 1.8)) < 1e-12)
        let soft = body.check(participant: "P001", visit: "baseline", visitDate: "2024-03-01",
                              values: ["measured_at": "2024-03-01T09:00", "weight_kg": "190.0", "height_m": "1.80"])
        #expect(soft.issues(of: "weight_kg").map(\.severity) == [.warning])
    }

    @Test("The visit window and edit checks run as in the validator")
    func windowAndChecks() throws {
        let trial = try Self.trial.get()
        let consent = try EntryCheck(protocol: trial, form: "consent")
        let randomized = ["P001": CalendarDate(iso: "2024-03-15")!]
        let late = consent.check(participant: "P001", visit: "screening", visitDate: "2024-03-14",
                                 values: ["consent_given": "1", "consent_date": "2024-03-20"], randomizationDates: randomized)
        #expect(late.issues.map { "\($0.code.rawValue) \($0.field ?? "-")" } == ["outside_visit_window visit_date", "check_failed consent_date"])
        #expect(throws: ValidationError.self) { try EntryCheck(protocol: trial, form: "nope") }
    }
}
