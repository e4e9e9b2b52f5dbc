import ArgumentParser
import TrialCore
import TrialStore

/// `trialkit crf compare --form F`: where the two passes of double data entry disagree.
struct CRFCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "List every disagreement between entry pass 1 and pass 2 of a form (data manager, monitor).",
        discussion: """
            Compares every field of every record entered in either pass: a value that differs, \
            or a record entered in one pass only. Exit 0 when the passes agree, 65 when they do \
            not (correct pass 1 with `crf import --reason` or `crf enter --reason`).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The protocol form.")
    var form: String

    func run() throws {
        let context = try TrialContext.open(global, for: .crfCompare)
        guard context.spec.form(named: form) != nil else {
            throw CLIError.usage("--form \(form) is not a form of the protocol; use one of: \(context.spec.forms.map(\.name).joined(separator: ", ")).")
        }
        let comparison = PassComparison(first: try context.store.records(form: form),
                                        second: try context.store.records(form: form, pass: .second))
        if global.json {
            try Console.json(comparison.result(form: form))
        } else if comparison.disagreements.isEmpty {
            print("Form \(form): the two entry passes agree on all \(comparison.compared) records.")
        } else {
            print("Form \(form): \(comparison.disagreements.count) disagreements in \(comparison.compared) records.")
            var rows = [["PARTICIPANT", "VISIT", "FIELD", "PASS 1", "PASS 2"]]
            rows += comparison.disagreements.map { [$0.participantID, $0.visit, $0.field, $0.first ?? "(no record)", $0.second ?? "(no record)"] }
            print(Console.table(rows))
        }
        if !comparison.disagreements.isEmpty {
            throw CLIError.invalidData("The entry passes of form \(form) disagree in \(comparison.disagreements.count) place\(comparison.disagreements.count == 1 ? "" : "s"); check the paper source and correct pass 1 with --reason.")
        }
    }
}

/// Field-by-field comparison of two entry passes. An empty value shows as `""`; a record
/// missing from one pass as nil.
struct PassComparison {
    struct Disagreement: Encodable, Equatable {
        var participantID: String
        var visit: String
        var field: String
        var first: String?
        var second: String?

        enum CodingKeys: String, CodingKey {
            case visit, field
            case participantID = "participant_id", first = "pass1", second = "pass2"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(participantID, forKey: .participantID); try c.encode(visit, forKey: .visit)
            try c.encode(field, forKey: .field); try c.encode(first, forKey: .first); try c.encode(second, forKey: .second)
        }
    }

    struct Result: Encodable {
        var form: String
        var records: Int
        var disagreements: [Disagreement]
    }

    var compared = 0
    var disagreements: [Disagreement] = []

    init(first: [CRFRecord], second: [CRFRecord]) {
        struct Key: Hashable, Comparable {
            var participant, visit: String
            static func < (a: Key, b: Key) -> Bool { (a.participant, a.visit) < (b.participant, b.visit) }
        }
        let one = Dictionary(first.map { (Key(participant: $0.participantID, visit: $0.visit), $0.values) }, uniquingKeysWith: { a, _ in a })
        let two = Dictionary(second.map { (Key(participant: $0.participantID, visit: $0.visit), $0.values) }, uniquingKeysWith: { a, _ in a })
        let keys = Set(one.keys).union(two.keys).sorted()
        compared = keys.count
        for key in keys {
            let a = one[key], b = two[key]
            let fields = Set(a?.keys.map { $0 } ?? []).union(b?.keys.map { $0 } ?? []).sorted()
            for field in fields {
                let x = a.map { $0[field] ?? "" }, y = b.map { $0[field] ?? "" }
                if x != y {
                    disagreements.append(Disagreement(participantID: key.participant, visit: key.visit, field: field, first: x, second: y))
                }
            }
        }
    }

    func result(form: String) -> Result { Result(form: form, records: compared, disagreements: disagreements) }
}
