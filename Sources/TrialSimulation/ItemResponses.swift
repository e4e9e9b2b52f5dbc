import Foundation
import Randomization
import TrialCore

/// Writes a score T as item responses whose score is T, within every item's range.
///
/// For integer items, in keyed units: the target total S = T on the sum scale, stochastically
/// rounded (so E[S] = T) and clamped to [Σ min, Σ max]. Each item starts at its share
/// round(S/n + offset_j + e_j) (e_j ~ N(0, (0.15 · range_j)²)) within its range; then single
/// steps of +1 or −1 on items drawn at random among those that can still move close the gap,
/// so the items sum to exactly S and the score (sum, or mean = S/n) equals T up to rounding.
/// Reverse-keyed items are stored as min + max − keyed value. Decimal items take their share
/// rounded to the field's decimals (no exact total).
///
/// Item non-response: each item is left unanswered with probability q, at most
/// count − `minimum_answered` per record, so the form's scoring rule always yields a score
/// (prorated by its fill rule). An unanswered item holds one of the field's missing-value codes
/// (always when the field is required, else half the time) or is empty; a required item without
/// missing-value codes is always answered.
struct ItemResponses {
    /// Cell text by field name.
    var texts: [String: String]
    /// Stored (not keyed) numeric values of the answered items, for scoring in memory.
    var values: [String: Double]

    init(model: ScoreModel, target: Double, nonResponse: Double, generator: inout Xoshiro256StarStar) {
        texts = [:]; values = [:]
        let items = model.items
        let n = items.count
        guard n > 0 else { return }
        let lowSum = items.map(\.low).reduce(0, +), highSum = items.map(\.high).reduce(0, +)
        let total = min(max(model.sumScale(target), lowSum), highSum)
        var keyed = [Double](repeating: 0, count: n)
        if items.allSatisfy(\.isInteger) {
            let goal = min(max(Double(generator.stochasticRound(total)), lowSum), highSum)
            let share = goal / Double(n)
            for (j, item) in items.enumerated() {
                let raw = share + item.offset + 0.15 * (item.high - item.low) * generator.nextGaussian()
                keyed[j] = min(max(raw.rounded(), item.low), item.high)
            }
            var gap = Int(goal - keyed.reduce(0, +))
            var movable: [Int] = []
            while gap != 0 {
                let up = gap > 0
                movable.removeAll(keepingCapacity: true)
                for j in 0..<n where up ? keyed[j] < items[j].high : keyed[j] > items[j].low { movable.append(j) }
                if movable.isEmpty { break }
                let j = movable[generator.nextIndex(below: movable.count)]
                keyed[j] += up ? 1 : -1
                gap += up ? -1 : 1
            }
        } else {
            let share = total / Double(n)
            for (j, item) in items.enumerated() {
                let digits = Double(item.field.decimals ?? 1)
                let scale = pow(10, digits)
                let raw = share + item.offset + 0.15 * (item.high - item.low) * generator.nextGaussian()
                keyed[j] = (min(max(raw, item.low), item.high) * scale).rounded() / scale
            }
        }
        let allowedMissing = max(0, n - model.score.minimumAnswered)
        var missing = 0
        for (j, item) in items.enumerated() {
            let stored = item.reversed ? item.low + item.high - keyed[j] : keyed[j]
            let field = item.field
            let mayBeMissing = missing < allowedMissing && (!field.required || !field.missingCodes.isEmpty)
            if mayBeMissing && nonResponse > 0 && generator.nextUnitDouble() < nonResponse {
                missing += 1
                let useCode = !field.missingCodes.isEmpty && (field.required || generator.nextUnitDouble() < 0.5)
                texts[field.name] = useCode ? field.missingCodes[generator.nextIndex(below: field.missingCodes.count)].code : ""
                continue
            }
            values[field.name] = stored
            texts[field.name] = Self.format(stored, decimals: item.isInteger ? 0 : item.field.decimals ?? 1)
        }
    }

    /// A number as a data file writes it: whole numbers without a decimal point.
    static func format(_ value: Double, decimals: Int) -> String {
        if decimals == 0 { return String(Int(value.rounded())) }
        return String(format: "%.\(decimals)f", value)
    }
}
