import Foundation
import Testing
import TrialCore
import Digest
@testable import TrialSpec

/// The protocols shipped in `protocols/` load, pass every check and say what the trial says.
@Suite struct BundledProtocolTests {
    let peer: LoadedProtocol

    init() throws {
        peer = try ProtocolLoader.load(path: path("protocols/peer.yaml"))
    }

    /// Expected item names, built independently of the loader: prefix + zero-padded number.
    func names(_ prefix: String, _ count: Int, width: Int) -> [String] {
        (1...count).map { number in
            let digits = String(number)
            return prefix + String(repeating: "0", count: width - digits.count) + digits
        }
    }

    @Test func peerMetadata() {
        let spec = peer.spec
        #expect(spec.id == "peer")
        #expect(spec.registration == "NCT04639167")
        #expect(spec.targetSampleSize == 296)
        #expect(spec.schemaVersion == 1)
        #expect(spec.arms == [
            Arm(code: "PEER", label: "Peer-led recovery group course (10 weeks) + service as usual", ratio: 1),
            Arm(code: "SAU", label: "Service as usual", ratio: 1),
        ])
    }

    @Test func peerStratificationKeepsDanishNames() {
        #expect(peer.spec.stratification.count == 1)
        let municipality = peer.spec.stratification[0]
        #expect(municipality.name == "municipality")
        #expect(municipality.levels == ["København", "Fredericia", "Helsingør", "Rødovre", "Gladsaxe"])
        // The bytes are UTF-8 as written: ø is U+00F8 (two bytes), not an escape or a decomposition.
        #expect(Array(municipality.levels[0].utf8) == Array("K\u{F8}benhavn".utf8))
    }

    @Test func peerRandomization() {
        let scheme = peer.spec.randomization
        #expect(scheme.method == .permutedBlocks)
        #expect(scheme.blockSizes == [
            BlockSize(size: 2, probability: 0.25), BlockSize(size: 4, probability: 0.5),
            BlockSize(size: 6, probability: 0.25),
        ])
        #expect(scheme.minimization == nil)
        #expect(!peer.text.contains("seed:"))
    }

    @Test func peerVisits() {
        let visits = peer.spec.visits
        #expect(visits.map(\.name) == ["baseline", "post", "followup"])
        #expect(visits.map(\.day) == [0, 70, 182])
        #expect(visits.map(\.window) == [-14...0, 56...98, 154...210])
        let outcomes = ["qpr15", "wsas", "mansa", "esr", "shs", "gse"]
        #expect(visits[0].forms == ["eligibility", "demographics"] + outcomes)
        #expect(visits[1].forms == outcomes)
        #expect(visits[2].forms == outcomes)
    }

    @Test(arguments: [
        // (form, prefix, count, width, min, max, score method)
        ("qpr15", "qpr", 15, 2, 0.0, 4.0, Score.Method.sum),
        ("wsas", "wsas", 5, 1, 0.0, 8.0, .sum),
        ("mansa", "mansa", 12, 2, 1.0, 7.0, .mean),
        ("esr", "esr", 28, 2, 1.0, 4.0, .mean),
        ("shs", "shs", 6, 1, 1.0, 8.0, .sum),
        ("gse", "gse", 10, 2, 1.0, 4.0, .sum),
    ])
    func peerInstrument(form name: String, prefix: String, count: Int, width: Int,
                        min: Double, max: Double, method: Score.Method) throws {
        let form = try #require(peer.spec.form(named: name))
        let expected = names(prefix, count, width: width)
        #expect(form.fields.map(\.name) == expected)
        for field in form.fields {
            #expect(field.kind == .integer)
            #expect(field.min == min)
            #expect(field.max == max)
        }
        // Missing-item rules: WSAS one item (NHS Data Dictionary), GSE three (Schwarzer's FAQ).
        let minimum = ["wsas": 4, "gse": 7][name] ?? count
        let subscores = name == "shs" ? [Subscore(name: "shs_agency", items: ["shs2", "shs4", "shs6"]),
                                         Subscore(name: "shs_pathways", items: ["shs1", "shs3", "shs5"])] : []
        #expect(form.score == Score(method: method, items: expected, reversed: [], minimumAnswered: minimum,
                                    fill: .mean, subscores: subscores))
        #expect(form.fields.allSatisfy { $0.missingCodes.map(\.code) == ["-9", "-8"] })
    }

    @Test func peerChecksAndSoftRanges() throws {
        #expect(peer.spec.missingCodes == [MissingCode(code: "-9", label: "Not applicable"),
                                           MissingCode(code: "-8", label: "Refused or not answered")])
        let age = try #require(peer.spec.form(named: "demographics")?.field(named: "age"))
        #expect(age.min == 18 && age.max == 110 && age.softMax == 80 && age.softMin == nil)
        let qpr = try #require(peer.spec.form(named: "qpr15"))
        #expect(qpr.checks.map(\.condition) == ["[post][visit_date] > [baseline][visit_date]",
                                                "[followup][visit_date] > [post][visit_date]"])
        #expect(qpr.checks.map(\.visits) == [["post"], ["followup"]])
        #expect(qpr.checks.allSatisfy { $0.severity == .error && $0.field == "visit_date" })
        let eligibility = try #require(peer.spec.form(named: "eligibility"))
        #expect(eligibility.checks.count == 1 && eligibility.checks[0].field == "eligible")
    }

    @Test func peerEligibilityAndDemographics() throws {
        let eligibility = try #require(peer.spec.form(named: "eligibility"))
        #expect(eligibility.fields.allSatisfy { $0.kind == .yesno && $0.required })
        #expect(eligibility.fields.map(\.name).contains("informed_consent"))
        let demographics = try #require(peer.spec.form(named: "demographics"))
        let age = try #require(demographics.field(named: "age"))
        #expect(age.kind == .integer && age.min == 18 && age.required)
        let sex = try #require(demographics.field(named: "sex"))
        #expect(sex.kind == .choice)
        #expect(sex.choices.map(\.code) == ["female", "male", "other"])
    }

    @Test func peerAnalysisPlan() {
        let plan = peer.spec.analysis
        #expect(plan.estimation == .reml)
        #expect(plan.degreesOfFreedom == .kenwardRoger)
        #expect(plan.confidenceLevel == 0.95)
        let summary = plan.outcomes.map { "\($0.role.rawValue) \($0.form)@\($0.visit)" }
        #expect(summary == [
            "primary qpr15@post", "secondary qpr15@followup", "secondary wsas@post",
            "secondary mansa@post", "secondary esr@post", "exploratory shs@post", "exploratory gse@post",
        ])
        #expect(plan.outcomes[0].formula
            == "qpr15 ~ arm * visit + qpr15_baseline + municipality + (1 | participant_id)")
        #expect(plan.outcomes.map(\.score) == ["qpr15", "qpr15", "wsas", "mansa", "esr", "shs", "gse"])
        #expect(plan.outcomes.allSatisfy { $0.covariance == nil })
        #expect(plan.population == .itt && plan.controlArm == "SAU" && plan.baselineVisit == "baseline")
        #expect(plan.effectSize == .pooledBaselineSD)
    }

    @Test func fieldNamesAreUniqueAcrossTheProtocol() {
        let all = peer.spec.forms.flatMap { $0.fields.map(\.name) }
        #expect(Set(all).count == all.count)
        #expect(all.count == 6 + 5 + 15 + 5 + 12 + 28 + 6 + 10)
    }

    @Test func threeArmExampleLoads() throws {
        let example = try ProtocolLoader.load(path: path("protocols/example-3arm.yaml")).spec
        #expect(example.arms.map(\.code) == ["EX", "CT", "UC"])
        #expect(example.arms.map(\.ratio) == [1, 1, 1])
        #expect(example.stratification.map(\.name) == ["site", "severity"])
        #expect(example.randomization.blockSizes.map(\.size) == [3, 6])
        #expect(example.visits.map(\.name) == ["screening", "baseline", "week6", "week12", "week26"])
        #expect(example.visits[0].window == -28...(-7))
        #expect(example.visits[2].window == 35...49)
        let phq = try #require(example.form(named: "phq9"))
        #expect(phq.fields.map(\.name) == names("phq", 9, width: 2))
        #expect(phq.score?.minimumAnswered == 8)
        let rses = try #require(example.form(named: "rses"))
        #expect(rses.score?.reversed == ["rses02", "rses05", "rses06", "rses08", "rses09"])
        let bmi = try #require(example.form(named: "body")?.field(named: "bmi"))
        #expect(bmi.kind == .calculated && bmi.calculation == "[weight_kg] / [height_m] ^ 2")
        let body = try #require(example.form(named: "body"))
        #expect(body.field(named: "weight_kg")?.decimals == 1)
        #expect(body.checks.map(\.severity) == [.warning, .note])
        let adverse = try #require(example.form(named: "adverse"))
        #expect(adverse.field(named: "ae_description")?.showIf == "[ae_any] = 1")
        let history = try #require(example.form(named: "history"))
        #expect(history.field(named: "referral_code")?.pattern == "[A-Z]{2}-[0-9]{4}")
        #expect(history.field(named: "episode_count")?.missingCodes.map(\.code) == ["-7"])
        #expect(history.field(named: "history_notes")?.missingCodes.isEmpty == true)
        #expect(example.analysis.degreesOfFreedom == .satterthwaite)
        #expect(example.registration == nil)
    }

    @Test func peerSummaryNamesTheDesign() {
        let summary = peer.spec.summary()
        #expect(summary.contains("Registration: NCT04639167"))
        #expect(summary.contains("Target sample size: 296"))
        #expect(summary.contains("Arms (allocation 1:1):"))
        #expect(summary.contains("municipality (5 levels): København, Fredericia, Helsingør, Rødovre, Gladsaxe"))
        #expect(summary.contains("2 (p = 0.25), 4 (p = 0.5), 6 (p = 0.25)"))
        #expect(summary.contains("post      day 70, window days 56 to 98"))
        #expect(summary.contains("score = sum of 15 items, range 0 to 60"))
        #expect(summary.contains("score = mean of 12 items, range 1 to 7"))
        #expect(summary.contains("score = sum of 5 items, range 0 to 40, at least 4 answered (missing items: mean)"))
        #expect(summary.contains("score = sum of 6 items, range 6 to 48; subscores shs_agency, shs_pathways"))
        #expect(summary.contains("range 0 to 60; 2 checks"))
        #expect(summary.contains("primary     qpr15_post"))
    }
}

/// The checksum is the SHA-256 of the file's bytes, verified against independent digests.
@Suite struct ChecksumTests {
    @Test func knownVectorsFromFIPS180() {
        // FIPS 180-4 / NIST CSRC example values for SHA-256.
        #expect(sha256Hex(Data("abc".utf8))
            == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(Data())
            == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum"),
                   "needs /usr/bin/sha256sum"),
          arguments: ["protocols/peer.yaml", "protocols/example-3arm.yaml"])
    func checksumMatchesSha256sum(file: String) throws {
        let loaded = try ProtocolLoader.load(path: path(file))
        let output = try #require(run("/usr/bin/sha256sum", [path(file)]))
        let expected = String(output.prefix(while: { $0 != " " }))
        #expect(expected.count == 64)
        #expect(loaded.checksum == expected)
    }

    @Test func textRoundTripsToTheSameBytesEvenWithAByteOrderMark() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: path("protocols/peer.yaml")))
        let withMark = Data([0xEF, 0xBB, 0xBF]) + original
        let loaded = try ProtocolLoader.check(data: withMark, path: "bom.yaml").get()
        #expect(Data(loaded.text.utf8) == withMark)
        let again = try ProtocolLoader.check(data: Data(loaded.text.utf8), path: "stored").get()
        #expect(again.checksum == loaded.checksum)
        #expect(loaded.checksum == sha256Hex(withMark))
        #expect(loaded.spec == (try ProtocolLoader.check(data: original, path: "plain").get()).spec)
    }

    @Test func anyByteChangesTheChecksum() throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: path("protocols/peer.yaml")))
        let edited = original + Data("\n# comment\n".utf8)
        let a = try ProtocolLoader.check(data: original, path: "a").get()
        let b = try ProtocolLoader.check(data: edited, path: "b").get()
        #expect(a.spec == b.spec)
        #expect(a.checksum != b.checksum)
        #expect(a.text == String(decoding: original, as: UTF8.self))
    }
}
