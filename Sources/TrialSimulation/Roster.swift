import Foundation
import Randomization
import TrialCore

/// One simulated participant: stratum, arm, randomization date and how far they stay.
public struct SimulatedParticipant: Sendable, Equatable {
    public var id: String
    /// Level index of each stratification factor, in protocol order.
    public var levels: [Int]
    /// Index of the arm in the protocol's `arms`.
    public var arm: Int
    public var randomized: CalendarDate
    /// Number of visits after randomization the participant attends (monotone dropout).
    public var attendedAfterRandomization: Int
}

/// The participants of one simulated trial.
struct Roster {
    var participants: [SimulatedParticipant]

    /// Participants P001… recruited in ID order over the recruitment period; strata drawn from
    /// level weights 0.5 + U(0, 1) per level (drawn once, so sites differ in size); arms from the
    /// protocol's scheme (``SimulatedAllocation``); dropout from one uniform per participant.
    static func simulate(_ trial: TrialProtocol, settings: SimulationSettings, streams: RandomStreams) throws -> Roster {
        let width = max(3, String(settings.participants).count)
        let ids = (1...settings.participants).map { n -> String in
            let digits = String(n)
            return "P" + String(repeating: "0", count: width - digits.count) + digits
        }
        if ParticipantID.problem(with: ids[0], pattern: trial.participantIDPattern) != nil {
            throw SimulationError.participantIDPattern(example: ids[0], pattern: trial.participantIDPattern)
        }
        var weightsStream = streams.generator("site-weights")
        let weights = trial.stratification.map { factor in factor.levels.map { _ in 0.5 + weightsStream.nextUnitDouble() } }
        var arrivals = streams.generator("arrivals")
        let span = Double(settings.recruitmentDays)
        var days = (0..<settings.participants).map { _ in Int((arrivals.nextUnitDouble() * (span + 1)).rounded(.down)) }
        days.sort()
        var people: [SimulatedParticipant] = []
        for (index, id) in ids.enumerated() {
            let levels = weights.map { arrivals.nextIndex(probabilities: $0) }
            people.append(SimulatedParticipant(
                id: id, levels: levels, arm: 0,
                randomized: CalendarDate(dayNumber: settings.recruitmentStart.dayNumber + days[index]),
                attendedAfterRandomization: 0))
        }
        let arms = try SimulatedAllocation.allocate(people.map(\.levels), trial: trial, streams: streams)
        for index in people.indices { people[index].arm = arms[index] }
        var roster = Roster(participants: people)
        roster.applyDropout(trial, settings: settings, streams: streams)
        return roster
    }

    /// Participants from an allocation file (``AllocationsFile``), with simulated dropout.
    static func fromAllocations(_ allocations: [AllocatedParticipant], trial: TrialProtocol,
                                settings: SimulationSettings, streams: RandomStreams) -> Roster {
        var roster = Roster(participants: allocations.map {
            SimulatedParticipant(id: $0.id, levels: $0.levels, arm: $0.arm, randomized: $0.randomized,
                                 attendedAfterRandomization: 0)
        })
        roster.applyDropout(trial, settings: settings, streams: streams)
        return roster
    }

    /// Monotone MCAR dropout: with u uniform per participant and K visits after randomization,
    /// the participant attends visit k (1…K) iff u ≥ dropout · k / K.
    mutating func applyDropout(_ trial: TrialProtocol, settings: SimulationSettings, streams: RandomStreams) {
        let later = trial.visits.filter { $0.day > 0 }.count
        for index in participants.indices {
            var stream = streams.generator("dropout", participants[index].id)
            let u = stream.nextUnitDouble()
            var attended = 0
            while attended < later && u >= settings.dropout * Double(attended + 1) / Double(later) { attended += 1 }
            participants[index].attendedAfterRandomization = attended
        }
    }
}

/// Allocation by the protocol's own scheme, from the simulation's seed.
enum SimulatedAllocation {
    /// Permuted blocks or complete randomization: the stratum lists `AllocationList.generate`
    /// makes (the real list algorithm) under a seed derived from the simulation's, taken in
    /// arrival order. Minimization: the real rule (`MinimizationDesign.allocate`), allocation n
    /// drawing from its own stream `StreamKey.minimization(sequence: n)` as `randomize` does.
    static func allocate(_ levels: [[Int]], trial: TrialProtocol, streams: RandomStreams) throws -> [Int] {
        let seed = SplitMix64.mix(streams.seed ^ 0xA110_CA7E)
        if trial.randomization.method == .minimization {
            let design = try MinimizationDesign(protocol: trial)
            var tally = MinimizationTally(design: design)
            return try levels.enumerated().map { index, participantLevels in
                var generator = StreamKey.minimization(sequence: index + 1).generator(seed: seed)
                let arm = try design.allocate(levels: participantLevels, tally: tally, generator: &generator).arm
                tally.record(levels: participantLevels, arm: arm)
                return arm
            }
        }
        let design = try ListDesign(protocol: trial)
        var strata: [Int] = []
        var counts: [Int: Int] = [:]
        for participantLevels in levels {
            let stratum = try design.strata.stratum(ofLevels: participantLevels)
            strata.append(stratum)
            counts[stratum, default: 0] += 1
        }
        let list = try AllocationList.generate(design: design, slotsPerStratum: max(1, counts.values.max() ?? 1),
                                               seed: seed)
        var slots: [Int: [Int]] = [:]
        for slot in list.slots { slots[slot.stratum, default: []].append(slot.arm) }
        var next: [Int: Int] = [:]
        return strata.map { stratum in
            let position = next[stratum, default: 0]
            next[stratum] = position + 1
            return slots[stratum]![position]
        }
    }
}
