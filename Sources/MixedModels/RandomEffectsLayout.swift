import LinearAlgebra

/// The random-effects terms of a frame, checked and put in lme4's order, with θ's layout.
///
/// lme4 (`mkReTrms`) reorders terms by decreasing number of levels when any later term has more
/// levels than an earlier one (`ord <- rev(order(nl))`); θ follows that order. The first term
/// then has the most levels, so its block of Λᵀ Zᵀ Z Λ + I is block-diagonal with k × k blocks;
/// the remaining terms ("rest") share one dense block of order `restSize`.
struct RandomEffectsLayout: Sendable {
    /// Terms in lme4 order, with unused levels dropped (lme4 `drop.unused.levels`).
    let terms: [RandomTerm]
    /// `terms[i]` is `frame.randomTerms[originalPositions[i]]`.
    let originalPositions: [Int]
    let templates: [CovarianceTemplate]
    /// Column offset of each term within Z (q₁ for the second term, …).
    let columnOffsets: [Int]
    let thetaCount: Int

    /// The largest dense block of the second and later terms this engine accepts. A dense
    /// Cholesky of order 20 000 needs 3.2 GB per copy and ~2.7·10¹² flops per evaluation.
    static let denseBlockLimit = 20_000

    var first: RandomTerm { terms[0] }
    var firstTemplate: CovarianceTemplate { templates[0] }
    /// Total number of random effects q.
    var totalColumns: Int { columnOffsets.last! + terms.last!.levelCount * terms.last!.columnCount }
    /// Order of the dense block shared by the second and later terms (0 with one term).
    var restSize: Int { totalColumns - first.levelCount * first.columnCount }

    var lowerBounds: [Double] { templates.flatMap(\.lowerBounds) }
    var initialTheta: [Double] { templates.flatMap(\.initialTheta) }
    var isDiagonalTheta: [Bool] { templates.flatMap(\.isDiagonal) }

    init(frame: ModelFrame) throws {
        let n = frame.observationCount
        guard !frame.randomTerms.isEmpty else { throw MixedModelError.noRandomEffects }
        var compacted: [RandomTerm] = []
        for term in frame.randomTerms {
            compacted.append(try Self.checkedAndCompacted(term, observations: n))
        }
        // lme4: reorder only if some term has more levels than the one before it.
        let levelCounts = compacted.map(\.levelCount)
        var order = Array(compacted.indices)
        if zip(levelCounts, levelCounts.dropFirst()).contains(where: { $1 > $0 }) {
            // R's order() is stable ascending; rev() then reverses ties as well.
            order = order.enumerated().sorted {
                levelCounts[$0.element] != levelCounts[$1.element]
                    ? levelCounts[$0.element] < levelCounts[$1.element] : $0.offset < $1.offset
            }.map(\.element).reversed()
        }
        terms = order.map { compacted[$0] }
        originalPositions = order
        var templates: [CovarianceTemplate] = []
        var offsets: [Int] = []
        var thetaOffset = 0, columnOffset = 0
        for term in terms {
            templates.append(CovarianceTemplate(size: term.columnCount, thetaOffset: thetaOffset))
            offsets.append(columnOffset)
            thetaOffset += term.columnCount * (term.columnCount + 1) / 2
            columnOffset += term.columnCount * term.levelCount
        }
        self.templates = templates
        self.columnOffsets = offsets
        self.thetaCount = thetaOffset
        if restSize > Self.denseBlockLimit {
            throw MixedModelError.denseBlockTooLarge(
                terms: terms.dropFirst().map(\.groupingName), size: restSize, limit: Self.denseBlockLimit)
        }
    }

    /// lme4-style description of a term, e.g. `Days | Subject` or `1 | batch`.
    static func label(_ term: RandomTerm) -> String {
        let columns = term.columnNames.map { $0 == "(Intercept)" ? "1" : $0 }
        var left = columns.joined(separator: " + ")
        if !term.columnNames.contains("(Intercept)") { left = "0 + " + left }
        return "\(left) | \(term.groupingName)"
    }

    /// Checks one term against lme4's `checkNlevels` / `checkZdims` rules and drops unused levels.
    private static func checkedAndCompacted(_ term: RandomTerm, observations n: Int) throws -> RandomTerm {
        let k = term.columnCount
        guard k >= 1, term.columns.columns == k, term.columns.rows == n, term.levelIndex.count == n else {
            throw MixedModelError.inconsistentFrame(
                detail: "term (\(label(term))) has \(term.levelIndex.count) level indices and a "
                    + "\(term.columns.rows)×\(term.columns.columns) model matrix for \(n) observations "
                    + "and \(k) column names")
        }
        guard term.columns.storage.allSatisfy(\.isFinite) else {
            throw MixedModelError.nonFiniteValue(location: "The model matrix of term (\(label(term)))")
        }
        var newIndex = [Int32](repeating: -1, count: term.levels.count)
        for index in term.levelIndex {
            guard index >= 0, Int(index) < term.levels.count else {
                throw MixedModelError.inconsistentFrame(
                    detail: "term (\(label(term))) has level index \(index) outside 0..<\(term.levels.count)")
            }
            newIndex[Int(index)] = 0
        }
        var used: [String] = []
        for (old, name) in term.levels.enumerated() where newIndex[old] == 0 {
            newIndex[old] = Int32(used.count)
            used.append(name)
        }
        if used.count < 2 { throw MixedModelError.tooFewLevels(grouping: term.groupingName, levels: used.count) }
        if used.count >= n {
            throw MixedModelError.tooManyLevels(grouping: term.groupingName, levels: used.count, observations: n)
        }
        if n <= used.count * k {
            throw MixedModelError.tooManyRandomEffects(term: label(term), randomEffects: used.count * k, observations: n)
        }
        return RandomTerm(groupingName: term.groupingName, levels: used,
                          levelIndex: term.levelIndex.map { newIndex[Int($0)] },
                          columnNames: term.columnNames, columns: term.columns)
    }
}
