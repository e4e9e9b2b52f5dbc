/// A factor over the used rows: its levels in order and each row's level index.
struct FactorCodes: Sendable, Equatable {
    var levels: [String]
    /// For each used row, the index of its level in `levels`.
    var codes: [Int]
    /// The numeric value of each level when the factor was made from a numeric column.
    var numericLevels: [Double]?

    /// R's `factor(x)` on text: levels are the distinct values in `LevelCollation` order.
    ///
    /// Each value is hashed once: rows get first-seen codes, which are then renumbered to the
    /// sorted level order (one more hash per distinct value, not per row).
    init(text values: [String]) {
        var firstSeen: [String: Int] = [:]
        var distinct: [String] = []
        var codes = [Int](repeating: 0, count: values.count)
        for (row, value) in values.enumerated() {
            if let code = firstSeen[value] {
                codes[row] = code
            } else {
                firstSeen[value] = distinct.count
                codes[row] = distinct.count
                distinct.append(value)
            }
        }
        let levels = LevelCollation.sorted(distinct)
        var position = [Int](repeating: 0, count: distinct.count)
        for (sortedIndex, level) in levels.enumerated() { position[firstSeen[level]!] = sortedIndex }
        for row in codes.indices { codes[row] = position[codes[row]] }
        self.init(levels: levels, codes: codes, numericLevels: nil)
    }

    /// R's `factor(x)` on numbers: levels sorted numerically and named by `as.character`
    /// (`RNumberFormat`), so `10` is "10" and `1e5` is "1e+05"; values with the same label
    /// share a level, as in R.
    init(numbers values: [Double]) {
        var labels: [String] = []
        var numbers: [Double] = []
        var index: [String: Int] = [:]
        // Each distinct number is formatted once; rows look their number up.
        var codeOfValue: [Double: Int] = [:]
        for value in Set(values).sorted() {
            let label = RNumberFormat.string(value)
            if index[label] == nil {
                index[label] = labels.count
                labels.append(label)
                numbers.append(value)
            }
            codeOfValue[value] = index[label]!
        }
        self.init(levels: labels,
                  codes: values.map { codeOfValue[$0] ?? index[RNumberFormat.string($0)]! },
                  numericLevels: numbers)
    }

    init(levels: [String], codes: [Int], numericLevels: [Double]?) {
        self.levels = levels
        self.codes = codes
        self.numericLevels = numericLevels
    }

    /// The index of `level`, also matching a number written differently (`"10.0"` for `10`).
    func index(of level: String) -> Int? {
        if let exact = levels.firstIndex(of: level) { return exact }
        if let numericLevels, let number = Double(level) {
            return numericLevels.firstIndex(of: number)
        }
        return nil
    }

    /// R's `relevel`: moves the level at `reference` to the front, keeping the others' order.
    func relevel(to reference: Int) -> FactorCodes {
        guard reference != 0 else { return self }
        var order = Array(levels.indices)
        order.remove(at: reference)
        order.insert(reference, at: 0)
        var newIndex = [Int](repeating: 0, count: levels.count)
        for (new, old) in order.enumerated() { newIndex[old] = new }
        return FactorCodes(levels: order.map { levels[$0] }, codes: codes.map { newIndex[$0] },
                           numericLevels: numericLevels.map { values in order.map { values[$0] } })
    }

    /// R's `f1:f2` followed by `factor()` (dropping absent combinations): levels `"a:x"` run
    /// through the later factors within each level of the earlier ones.
    static func interaction(_ factors: [FactorCodes]) -> FactorCodes {
        guard let first = factors.first else { return FactorCodes(levels: [], codes: [], numericLevels: nil) }
        if factors.count == 1 { return first }
        let rows = first.codes.count
        let keys = (0..<rows).map { row in factors.map { $0.codes[row] } }
        let present = Set(keys).sorted { $0.lexicographicallyPrecedes($1) }
        let index = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
        let levels = present.map { key in
            zip(factors, key).map { factor, code in factor.levels[code] }.joined(separator: ":")
        }
        return FactorCodes(levels: levels, codes: keys.map { index[$0]! }, numericLevels: nil)
    }
}
