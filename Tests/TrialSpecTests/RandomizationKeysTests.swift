import Testing
import TrialCore
@testable import TrialSpec

/// `trial.participant_id_pattern`, `randomization.blinded_roles` and `randomization.eligibility`.
@Suite struct RandomizationKeysTests {
    /// The minimal protocol with an eligibility form collected at baseline.
    static let withEligibility = minimalProtocol
        .replacingOccurrences(of: "  - {name: baseline, day: 0, forms: [scale]}",
                              with: "  - {name: baseline, day: 0, forms: [elig, scale]}")
        .replacingOccurrences(of: "forms:\n  - name: scale", with: """
            forms:
              - name: elig
                fields:
                  - {name: consent, kind: yesno}
                  - {name: age, kind: integer}
              - name: scale
            """)

    static func spec(_ yaml: String) throws -> TrialProtocol { try check(yaml: yaml).get().spec }

    static func problemLines(_ yaml: String) -> [String] {
        problems(yaml).map { "\($0.line):\($0.column): \($0.message)" }
    }

    @Test func participantIDPatternDefaultsAndIsRead() throws {
        #expect(try Self.spec(minimalProtocol).participantIDPattern == "^[A-Za-z0-9_-]{1,32}$")
        let custom = minimalProtocol.replacingOccurrences(of: "  target_sample_size: 40", with: "  target_sample_size: 40\n  participant_id_pattern: \"^P[0-9]{3}$\"")
        #expect(try Self.spec(custom).participantIDPattern == "^P[0-9]{3}$")
    }

    @Test func badParticipantIDPatternsAreRefused() {
        let broken = problemsAfter(replacing: "  target_sample_size: 40", with: "  target_sample_size: 40\n  participant_id_pattern: \"P[0-9\"")
        #expect(broken.count == 1)
        #expect(broken.first?.hasPrefix("6:27: `participant_id_pattern` cannot be used: it is not a valid regular expression") == true)
        #expect(problemsAfter(replacing: "  target_sample_size: 40", with: "  target_sample_size: 40\n  participant_id_pattern: \".*\"") == [
            "6:27: `participant_id_pattern` cannot be used: it matches the empty ID; write a regular expression that matches whole IDs such as `^P[0-9]{3}$`",
        ])
    }

    @Test func participantIDRules() {
        let pattern = ParticipantID.defaultPattern
        #expect(ParticipantID.problem(with: "P001", pattern: pattern) == nil)
        #expect(ParticipantID.problem(with: "site-2_017", pattern: pattern) == nil)
        #expect(ParticipantID.problem(with: "", pattern: pattern) == "it is empty")
        #expect(ParticipantID.problem(with: "P 1", pattern: pattern) == "it does not match the protocol's participant ID pattern ^[A-Za-z0-9_-]{1,32}$")
        #expect(ParticipantID.problem(with: String(repeating: "a", count: 33), pattern: pattern) != nil)
        #expect(ParticipantID.problem(with: "P1\n", pattern: ".+") == "it contains a control character")
        #expect(ParticipantID.problem(with: " P1", pattern: ".+") == "it starts or ends with white space")
        #expect(ParticipantID.problem(with: String(repeating: "a", count: 65), pattern: ".+") == "it is longer than 64 characters")
        // The whole ID must match, anchors or not.
        #expect(ParticipantID.problem(with: "P0012", pattern: "P[0-9]{3}") != nil)
        #expect(ParticipantID.problem(with: "P001", pattern: "P[0-9]{3}") == nil)
    }

    @Test func blindedRoles() throws {
        let yaml = minimalProtocol.replacingOccurrences(of: "  method: permuted-blocks", with: "  method: permuted-blocks\n  blinded_roles: [statistician, monitor]")
        let spec = try Self.spec(yaml)
        #expect(spec.randomization.blindedRoles == [.statistician, .monitor])
        #expect(spec.isBlinded(.monitor) && !spec.isBlinded(.trialManager))
        #expect(try Self.spec(minimalProtocol).randomization.blindedRoles == [])
        #expect(problemsAfter(replacing: "  method: permuted-blocks", with: "  method: permuted-blocks\n  blinded_roles: [statistcian, unblinder, monitor, monitor]") == [
            "13:19: `statistcian` is not a role; did you mean `statistician`? (roles: `admin`, `trial-manager`, `data-manager`, `statistician`, `unblinder`, `monitor`)",
            "13:32: the `unblinder` role cannot be blinded: unblinding means showing the arm to that role; remove it from `blinded_roles`",
            "13:52: duplicate role `monitor` in `blinded_roles` (first defined at line 13, column 43)",
        ])
    }

    @Test func eligibilityResolvesTheVisit() throws {
        let yaml = Self.withEligibility.replacingOccurrences(of: "  method: permuted-blocks", with: "  method: permuted-blocks\n  eligibility: {form: elig, field: consent}")
        #expect(try Self.spec(yaml).randomization.eligibility == EligibilityRequirement(form: "elig", field: "consent", visit: "baseline"))
        #expect(try Self.spec(Self.withEligibility).randomization.eligibility == nil)
    }

    @Test(arguments: [
        ("{form: eligibilty, field: consent}", "`eligibility` names unknown form `eligibilty`"),
        ("{form: elig, field: consnt}", "`eligibility` names field `consnt`, which form `elig` does not have; did you mean `consent`?"),
        ("{form: elig, field: age}", "eligibility field `age` is a `integer` field; it must be a `yesno` field whose answer 1 (yes) allows randomization"),
        ("{form: elig, field: consent, visit: week8}", "visit `week8` does not collect form `elig`, so its eligibility answer can never be recorded there"),
        ("{form: elig, field: consent, visit: screening}", "`eligibility` names unknown visit `screening`"),
        ("{form: elig}", "`eligibility` is missing required key `field`"),
    ])
    func eligibilityProblems(value: String, message: String) {
        let yaml = Self.withEligibility.replacingOccurrences(of: "  method: permuted-blocks", with: "  method: permuted-blocks\n  eligibility: \(value)")
        let found = Self.problemLines(yaml)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasSuffix(message) == true, "\(found)")
    }

    @Test func summaryConcealsBlockSizesWhenAsked() throws {
        let spec = try Self.spec(minimalProtocol)
        #expect(spec.summary().contains("2 (p = 0.5), 4 (p = 0.5)"))
        let concealed = spec.summary(concealingBlockSizes: true)
        #expect(!concealed.contains("p = 0.5"))
        #expect(concealed.contains("the sizes are concealed from those who enrol or assign participants"))
        #expect(concealed.contains("Blinded to arm: no role"))
    }
}
