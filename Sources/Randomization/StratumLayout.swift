import TrialCore

/// All combinations of the stratification factors' levels, in odometer order: the first factor
/// varies slowest and the last fastest (factors site{N,S} × sex{f,m} give N/f, N/m, S/f, S/m).
/// With no factors there is one stratum, labelled "all".
public struct StratumLayout: Sendable, Equatable {
    public let factors: [StratificationFactor]
    /// Number of strata, Π levels.
    public let count: Int

    /// Refuses empty factors, duplicate names, names containing U+001F and more than 100000 strata
    /// (the last only when `limitingStrata`; minimization never forms strata, and its layout's
    /// ``count`` saturates at `Int.max`).
    public init(_ factors: [StratificationFactor], limitingStrata: Bool = true) throws(RandomizationError) {
        var names = Set<String>()
        var count = 1
        for factor in factors {
            guard names.insert(factor.name).inserted else { throw .duplicateFactor(factor.name) }
            guard !factor.levels.isEmpty else { throw .factorWithoutLevels(factor.name) }
            try StratumLayout.checkName(factor.name)
            var levels = Set<String>()
            for level in factor.levels {
                try StratumLayout.checkName(level)
                guard levels.insert(level).inserted else {
                    throw .duplicateLevel(factor: factor.name, level: level)
                }
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: factor.levels.count)
            count = overflow ? Int.max : product
            guard !limitingStrata || count <= 100_000 else { throw .tooManyStrata(count) }
        }
        self.factors = factors
        self.count = count
    }

    /// The level index of each factor for stratum `index` (0-based).
    public func levels(ofStratum index: Int) -> [Int] {
        var rest = index
        var result = [Int](repeating: 0, count: factors.count)
        for f in factors.indices.reversed() {
            let n = factors[f].levels.count
            result[f] = rest % n
            rest /= n
        }
        return result
    }

    /// The stratum (0-based) of a participant with these level indices.
    public func stratum(ofLevels levels: [Int]) throws(RandomizationError) -> Int {
        guard levels.count == factors.count else {
            throw .levelCountMismatch(expected: factors.count, got: levels.count)
        }
        var index = 0
        for (factor, level) in zip(factors, levels) {
            guard level >= 0, level < factor.levels.count else {
                throw .levelOutOfRange(factor: factor.name, index: level, levels: factor.levels.count)
            }
            index = index * factor.levels.count + level
        }
        return index
    }

    /// Level indices from level names, in factor order.
    public func levelIndices(_ names: [String]) throws(RandomizationError) -> [Int] {
        guard names.count == factors.count else {
            throw .levelCountMismatch(expected: factors.count, got: names.count)
        }
        var result: [Int] = []
        for (factor, name) in zip(factors, names) {
            guard let k = factor.levels.firstIndex(of: name) else {
                throw .unknownLevel(factor: factor.name, level: name, known: factor.levels)
            }
            result.append(k)
        }
        return result
    }

    /// "site=North;sex=female", or "all" without factors.
    public func label(ofStratum index: Int) -> String {
        guard !factors.isEmpty else { return "all" }
        return zip(factors, levels(ofStratum: index))
            .map { "\($0.name)=\($0.levels[$1])" }
            .joined(separator: ";")
    }

    /// The stream key of stratum `index` (see ``StreamKey/stratum(_:)``).
    public func streamKey(ofStratum index: Int) -> StreamKey {
        StreamKey.stratum(zip(factors, levels(ofStratum: index)).map { ($0.name, $0.levels[$1]) })
    }

    /// Stream keys of all strata; throws if two collide (2⁻⁶⁴-unlikely, but then lists would coincide).
    func streamKeys() throws(RandomizationError) -> [StreamKey] {
        let keys = (0..<count).map(streamKey(ofStratum:))
        var seen: [UInt64: StreamKey] = [:]
        for key in keys {
            if let other = seen[key.hash] { throw .streamKeyCollision(other.description, key.description) }
            seen[key.hash] = key
        }
        return keys
    }

    private static func checkName(_ name: String) throws(RandomizationError) {
        if name.unicodeScalars.contains("\u{1F}") { throw .separatorInName(name) }
    }
}
