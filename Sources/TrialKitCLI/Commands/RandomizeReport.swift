import ArgumentParser
import Foundation
import Randomization
import TrialCore
import TrialStore

/// `trialkit randomize report`: counts per arm overall and per stratum.
struct RandomizeReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Count allocations per arm, overall and per stratum.",
        discussion: """
            Roles the protocol blinds see only the number randomized per stratum. Slots used and \
            left per list are shown to statisticians and admins only: a list's length hints at its \
            block structure, which those who randomize must not learn.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let context = try TrialContext.open(global, for: .randomizeReport)
        let layout = try context.strata()
        let arms = try ArmSet(context.spec.arms)
        let armIndex = Dictionary(uniqueKeysWithValues: arms.arms.enumerated().map { ($1.code, $0) })
        // Strata for list designs; for minimization, which never forms strata, each factor level.
        let minimization = context.spec.randomization.method == .minimization
        let groups: [(label: String, levels: [String: String])] = minimization
            ? layout.factors.flatMap { factor in factor.levels.map { ("\(factor.name)=\($0)", [factor.name: $0]) } }
            : (0..<layout.count).map { (layout.label(ofStratum: $0), RandomizationWiring.levels(ofStratum: $0, layout: layout)) }
        var counts = AllocationCounts(arms: arms, groups: groups.map(\.label))
        let allocations = try context.store.allocations()
        for allocation in allocations {
            let arm = armIndex[allocation.arm] ?? 0
            for (g, group) in groups.enumerated() where group.levels.allSatisfy({ allocation.stratumLevels[$0.key] == $0.value }) {
                counts.record(stratum: g, arm: arm)
            }
        }
        // Overall counts from the allocations themselves: with minimization each participant
        // sits in one group per factor.
        var overall = [Int](repeating: 0, count: arms.count)
        for allocation in allocations { overall[armIndex[allocation.arm] ?? 0] += 1 }
        let showLists = [Role.statistician, .admin].contains(context.role)
        let lists = showLists ? Dictionary(uniqueKeysWithValues: try context.store.allocationLists().map { ($0.stratum, $0) }) : [:]
        let report = ReportJSON(counts: counts, groups: groups, overall: overall, blinded: context.armsBlinded,
                                lists: lists, listsExist: showLists ? !lists.isEmpty : nil)
        if global.json { try Console.json(report); return }
        print(text(report, arms: arms))
    }

    private func text(_ report: ReportJSON, arms: ArmSet) -> String {
        var lines: [String] = []
        let codes = arms.arms.map(\.code)
        if report.blinded {
            lines.append("Randomized: \(report.total) participants (arms are blinded for your role).")
        } else {
            let split = codes.map { "\($0) \(report.overall?[$0] ?? 0)" }.joined(separator: ", ")
            lines.append("Randomized: \(report.total) participants (\(split)); imbalance \(format(report.imbalance ?? 0)).")
        }
        lines.append("")
        var header = ["STRATUM"] + (report.blinded ? [] : codes) + ["TOTAL"] + (report.blinded ? [] : ["IMBALANCE"])
        if report.listsExist != nil { header += ["SLOTS USED", "SLOTS LEFT"] }
        var rows = [header]
        for stratum in report.strata {
            var row = [stratum.label]
            if !report.blinded { row += codes.map { String(stratum.counts?[$0] ?? 0) } }
            row.append(String(stratum.total))
            if !report.blinded { row.append(format(stratum.imbalance ?? 0)) }
            if report.listsExist != nil {
                row += [stratum.slotsUsed.map(String.init) ?? "-", stratum.slotsLeft.map(String.init) ?? "-"]
            }
            rows.append(row)
        }
        lines.append(Console.table(rows))
        if report.blinded == false, arms.ratios.contains(where: { $0 != 1 }) {
            lines.append("")
            lines.append("Imbalance is in ratio units: max n/r − min n/r over the arms.")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}

/// `randomize report --json`. Arm fields are null for blinded roles; list fields null unless the
/// role may see them.
struct ReportJSON: Encodable {
    struct Stratum: Encodable {
        var label: String
        var levels: [String: String]
        var total: Int
        var counts: [String: Int]?
        var imbalance: Double?
        var slotsUsed: Int?
        var slotsLeft: Int?

        enum CodingKeys: String, CodingKey {
            case label, levels, total, counts, imbalance
            case slotsUsed = "slots_used", slotsLeft = "slots_left"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(levels, forKey: .levels)
            try container.encode(total, forKey: .total)
            try container.encode(counts, forKey: .counts)
            try container.encode(imbalance, forKey: .imbalance)
            try container.encode(slotsUsed, forKey: .slotsUsed)
            try container.encode(slotsLeft, forKey: .slotsLeft)
        }
    }

    var blinded: Bool
    var total: Int
    var overall: [String: Int]?
    var imbalance: Double?
    var strata: [Stratum]
    var listsExist: Bool?

    init(counts: AllocationCounts, groups: [(label: String, levels: [String: String])], overall: [Int], blinded: Bool,
         lists: [String: AllocationListSummary], listsExist: Bool?) {
        let codes = counts.arms.arms.map(\.code)
        self.blinded = blinded
        total = overall.reduce(0, +)
        self.overall = blinded ? nil : Dictionary(uniqueKeysWithValues: zip(codes, overall))
        imbalance = blinded ? nil : counts.arms.imbalance(overall)
        strata = groups.enumerated().map { s, group in
            let list = lists[group.label]
            return Stratum(label: group.label, levels: group.levels, total: counts.total(ofStratum: s),
                           counts: blinded ? nil : Dictionary(uniqueKeysWithValues: zip(codes, counts.byStratum[s])),
                           imbalance: blinded ? nil : counts.imbalance(ofStratum: s),
                           slotsUsed: list?.used, slotsLeft: list.map { $0.slots - $0.used })
        }
        self.listsExist = listsExist
    }

    enum CodingKeys: String, CodingKey {
        case blinded, total, overall, imbalance, strata
        case listsExist = "lists_exist"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(blinded, forKey: .blinded)
        try container.encode(total, forKey: .total)
        try container.encode(overall, forKey: .overall)
        try container.encode(imbalance, forKey: .imbalance)
        try container.encode(strata, forKey: .strata)
        try container.encode(listsExist, forKey: .listsExist)
    }
}
