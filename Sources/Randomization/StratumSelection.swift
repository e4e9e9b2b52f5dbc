import Foundation

extension StratumLayout {
    /// The stratum (0-based) of a participant whose level of each factor is given by name.
    ///
    /// Every factor must be named exactly once with one of its levels. Names are compared after
    /// Unicode normalization (NFC), so a level typed with a combining accent still matches.
    /// - Throws: ``RandomizationError/unknownFactor(_:known:)``,
    ///   ``RandomizationError/missingFactors(_:)``, ``RandomizationError/unknownLevel(factor:level:known:)``.
    public func stratum(levelNames: [(factor: String, level: String)]) throws(RandomizationError) -> Int {
        var chosen: [String: String] = [:]
        for (factor, level) in levelNames {
            let factorName = factor.precomposedStringWithCanonicalMapping
            guard factors.contains(where: { $0.name == factorName }) else {
                throw .unknownFactor(factorName, known: factors.map(\.name))
            }
            guard chosen[factorName] == nil else { throw .factorGivenTwice(factorName) }
            chosen[factorName] = level.precomposedStringWithCanonicalMapping
        }
        let missing = factors.map(\.name).filter { chosen[$0] == nil }
        guard missing.isEmpty else { throw .missingFactors(missing) }
        return try stratum(ofLevels: try levelIndices(factors.map { chosen[$0.name]! }))
    }

    /// `(factor, level)` names of stratum `index`, in factor order.
    public func levelNames(ofStratum index: Int) -> [(factor: String, level: String)] {
        zip(factors, levels(ofStratum: index)).map { ($0.name, $0.levels[$1]) }
    }
}
