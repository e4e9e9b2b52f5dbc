import Testing
import TrialCore
@testable import Randomization

/// Reproducibility, stream independence, invariant detection, CSV and validation.
@Suite struct ListStructureTests {
    static let sites = StratificationFactor(name: "site", levels: ["North", "South"])
    static let sizes = [BlockSize(size: 2, probability: 0.5), BlockSize(size: 4, probability: 0.5)]

    static func list(factors: [StratificationFactor] = [sites], seed: UInt64 = 42) throws -> AllocationList {
        try AllocationList.generate(
            design: ListDesign.permutedBlocks(arms: TestSupport.twoArms, factors: factors, blockSizes: sizes),
            slotsPerStratum: 12, seed: seed)
    }

    @Test func sameInputsGiveTheSameListAndSeedsDiffer() throws {
        #expect(try Self.list() == Self.list())
        #expect(try Self.list(seed: 42).slots != Self.list(seed: 43).slots)
    }

    /// Streams are keyed by factor and level names: adding a level (a new site) or reordering
    /// levels leaves every existing stratum's list unchanged.
    @Test func addingAStratumLeavesOtherStrataUnchanged() throws {
        let before = try Self.list()
        let after = try Self.list(factors: [StratificationFactor(name: "site", levels: ["East", "North", "South"])])
        func arms(_ list: AllocationList, _ label: String) -> [Int] {
            let index = (0..<list.design.strata.count).first { list.design.strata.label(ofStratum: $0) == label }!
            return list.slots(inStratum: index).map(\.arm)
        }
        #expect(arms(before, "site=North") == arms(after, "site=North"))
        #expect(arms(before, "site=South") == arms(after, "site=South"))
        #expect(arms(before, "site=North") != arms(before, "site=South"))
    }

    @Test func strataAreOdometerOrdered() throws {
        let layout = try StratumLayout([StratificationFactor(name: "site", levels: ["N", "S"]),
                                        StratificationFactor(name: "sex", levels: ["f", "m", "x"])])
        #expect(layout.count == 6)
        #expect((0..<6).map(layout.label(ofStratum:)) ==
            ["site=N;sex=f", "site=N;sex=m", "site=N;sex=x", "site=S;sex=f", "site=S;sex=m", "site=S;sex=x"])
        for s in 0..<6 { #expect(try layout.stratum(ofLevels: layout.levels(ofStratum: s)) == s) }
        #expect(try layout.levelIndices(["S", "m"]) == [1, 1])
        #expect(throws: RandomizationError.unknownLevel(factor: "sex", level: "q", known: ["f", "m", "x"])) { try layout.levelIndices(["S", "q"]) }
        #expect(try StratumLayout([]).label(ofStratum: 0) == "all")
    }

    @Test func protocolsMapToListDesignsAndImbalanceIsInRatioUnits() throws {
        func trial(_ method: RandomizationScheme.Method) -> TrialProtocol {
            TrialProtocol(id: "t", title: "t", registration: nil, arms: TestSupport.arms([("A", 2), ("B", 1)]),
                          stratification: [Self.sites],
                          randomization: RandomizationScheme(method: method, blockSizes: [BlockSize(size: 3, probability: 1)]),
                          visits: [], forms: [], analysis: AnalysisPlan(outcomes: []))
        }
        let blocks = try ListDesign(protocol: trial(.permutedBlocks))
        #expect(blocks.blockSizes?.sizes == [3] && blocks.strata.count == 2 && blocks.arms.ratioSum == 3)
        #expect(try ListDesign(protocol: trial(.complete)).blockSizes == nil)
        #expect(throws: RandomizationError.notAListMethod("minimization")) { try ListDesign(protocol: trial(.minimization)) }
        #expect(blocks.arms.imbalance([4, 2]) == 0)
        #expect(blocks.arms.imbalance([2, 2]) == 1)
        #expect(try ArmSet(TestSupport.twoArms).imbalance([10, 4]) == 6)
    }

    @Test func invariantsDetectEachKindOfDamage() throws {
        let list = try Self.list()
        #expect(list.checkInvariants().isEmpty)
        func damaged(_ change: (inout [AllocationSlot]) -> Void) -> [ListInvariantViolation] {
            var slots = list.slots
            change(&slots)
            return ListInvariants.check(slots: slots, design: list.design, slotsPerStratum: list.slotsPerStratum)
        }
        let firstFour = list.slots.firstIndex { $0.blockSize == 4 }!
        let v1 = damaged { $0[firstFour].arm = 1 - $0[firstFour].arm }
        #expect(v1.contains { if case .unbalancedBlock = $0 { true } else { false } })
        let v2 = damaged { $0[1].sequence = 1 }
        #expect(v2.contains { if case .sequenceOutOfOrder = $0 { true } else { false } })
        let v3 = damaged { $0[firstFour + 1].positionInBlock = 3 }
        #expect(v3.contains { if case .blockPositionInconsistent = $0 { true } else { false } })
        let v4 = damaged { $0.removeLast() }
        #expect(v4.contains { if case .incompleteBlock = $0 { true } else { false } })
        let v5 = damaged { $0[0].blockSize = 8 }
        #expect(!v5.isEmpty)
        let v6 = damaged { $0[0].arm = 5 }
        #expect(v6.contains(.armOutOfRange(row: 1, arm: 5)))
        let v7 = damaged { $0.removeAll { $0.stratum == 1 } }
        #expect(v7.contains(.tooFewSlots(stratum: 1, found: 0, required: 12)))
    }

    @Test func csvHasTheDocumentedColumnsAndQuotes() throws {
        let design = try ListDesign.complete(arms: TestSupport.arms([("A, new", 1), ("B", 1)]), factors: [])
        let list = try AllocationList.generate(design: design, slotsPerStratum: 3, seed: 1)
        let lines = AllocationListCSV.render(list).split(separator: "\n")
        #expect(lines[0] == "stratum_index,stratum,sequence,block,block_size,block_position,arm_index,arm")
        #expect(lines.count == 4)
        for line in lines.dropFirst() {
            #expect(line.hasPrefix("1,all,"))
            #expect(line.hasSuffix(",1,\"A, new\"") || line.hasSuffix(",2,B"))
        }
    }

    @Test func invalidDesignsAreRefusedWithTheirReason() {
        let two = TestSupport.twoArms
        #expect(throws: RandomizationError.tooFewArms(1)) {
            try ArmSet(TestSupport.arms([("A", 1)]))
        }
        #expect(throws: RandomizationError.nonPositiveRatio(arm: "B", ratio: 0)) {
            try ArmSet(TestSupport.arms([("A", 1), ("B", 0)]))
        }
        #expect(throws: RandomizationError.duplicateArmCode("A")) {
            try ArmSet(TestSupport.arms([("A", 1), ("A", 1)]))
        }
        #expect(throws: RandomizationError.blockSizeNotMultipleOfRatio(size: 3, ratioSum: 2)) {
            try ListDesign.permutedBlocks(arms: two, factors: [], blockSizes: [BlockSize(size: 3, probability: 1)])
        }
        #expect(throws: RandomizationError.blockProbabilitiesDoNotSumToOne(0.9)) {
            try ListDesign.permutedBlocks(arms: two, factors: [], blockSizes: [BlockSize(size: 2, probability: 0.9)])
        }
        #expect(throws: RandomizationError.noBlockSizes) {
            try ListDesign.permutedBlocks(arms: two, factors: [], blockSizes: [])
        }
        #expect(throws: RandomizationError.factorWithoutLevels("site")) {
            try StratumLayout([StratificationFactor(name: "site", levels: [])])
        }
        #expect(throws: RandomizationError.duplicateLevel(factor: "site", level: "N")) {
            try StratumLayout([StratificationFactor(name: "site", levels: ["N", "N"])])
        }
        #expect(throws: RandomizationError.unsupportedAlgorithmVersion("v0", supported: AlgorithmVersion.supported)) {
            try AllocationList.generate(design: ListDesign.complete(arms: two, factors: []), slotsPerStratum: 1,
                                        seed: 1, algorithmVersion: "v0")
        }
        #expect(throws: RandomizationError.nonPositiveCount(name: "Slots per stratum", value: 0)) {
            try AllocationList.generate(design: ListDesign.complete(arms: two, factors: []), slotsPerStratum: 0, seed: 1)
        }
        #expect(RandomizationError.blockSizeNotMultipleOfRatio(size: 3, ratioSum: 2).description
            == "Block size 3 is not a positive multiple of the ratio sum 2; use sizes such as 2, 4, 6.")
    }
}
