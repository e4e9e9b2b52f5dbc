import LinearAlgebra

/// Blocks that share one marginal covariance: same layout, `count` independent copies.
struct GLSBlockType: Sendable {
    let layout: BlockCovarianceLayout
    let count: Int
    let storage: GLSBlockStorage
    var size: Int { layout.size }
}

/// Everything the GLS likelihood needs, built once per fit in one pass over the data.
///
/// The response is shifted by its least-squares fit (e = y − Xb₀, as the lmer engine does) so
/// that r'V⁻¹r is formed from residual-sized numbers; β̂ = b₀ + β̂_e.
struct GLSDesign: Sendable {
    let types: [GLSBlockType]
    let fixedCount: Int
    let observationCount: Int
    /// Independent blocks: subjects, or random-effects clusters.
    let blockCount: Int
    let shift: [Double]
    /// Pairwise-complete covariance of the OLS residuals per group (m × m), for starting values.
    let empirical: [[Double]]
    /// Mean of the squared term columns (per term, per column), to scale G-side starts.
    let columnMeanSquares: [[Double]]

    var width: Int { fixedCount + 1 }

    /// Largest number of observations one random-effects cluster may hold (dense n × n block).
    static let clusterLimit = 1000

    init(frame: ModelFrame, measures: RepeatedMeasures) throws(MMRMError) {
        let n = frame.observationCount, p = frame.fixed.columns, w = p + 1
        guard n > p else { throw .tooFewObservations(observations: n, fixedEffects: p) }
        let shift = try Self.leastSquares(frame)
        var data = frame.fixed.storage
        data.reserveCapacity(n * w)
        for row in 0..<n {
            var fitted = 0.0
            for j in 0..<p { fitted += frame.fixed[row, j] * shift[j] }
            data.append(frame.response[row] - fitted)
        }
        self.shift = shift
        fixedCount = p
        observationCount = n
        empirical = Self.empiricalCovariance(measures: measures, residuals: Array(data[(n * p)...]))
        columnMeanSquares = frame.randomTerms.map { term in
            (0..<term.columnCount).map { j in (0..<n).reduce(0) { $0 + term.columns[$1, j] * term.columns[$1, j] } / Double(n) }
        }
        let groups = try Self.blocks(frame: frame, measures: measures)
        blockCount = groups.reduce(0) { $0 + $1.blocks.count }
        types = data.withUnsafeBufferPointer { pointer in
            groups.map { group in
                GLSBlockType(layout: group.layout, count: group.blocks.count,
                             storage: .build(blocks: group.blocks, size: group.layout.size, data: pointer, rows: n, width: w))
            }
        }
    }

    /// b₀ = (XᵀX)⁻¹Xᵀy (X has full column rank after the frame dropped aliased columns).
    private static func leastSquares(_ frame: ModelFrame) throws(MMRMError) -> [Double] {
        let p = frame.fixed.columns
        guard p > 0 else { return [] }
        do {
            let xtx = frame.fixed.crossProduct
            let xty = try Matrix.product(frame.fixed, .transposed,
                                         Matrix(rows: frame.observationCount, columns: 1, columnMajor: frame.response), .none)
            return try Cholesky(xtx).solve(xty.storage)
        } catch {
            throw .singularFixedEffects
        }
    }

    private static func empiricalCovariance(measures: RepeatedMeasures, residuals e: [Double]) -> [[Double]] {
        let m = measures.visitCount
        var sums = [[Double]](repeating: [Double](repeating: 0, count: m * m), count: measures.groupCount)
        var counts = sums
        for subject in measures.subjects {
            for (b, rb) in zip(subject.visits, subject.rows) {
                for (a, ra) in zip(subject.visits, subject.rows) {
                    sums[subject.group][a + b * m] += e[ra] * e[rb]
                    counts[subject.group][a + b * m] += 1
                }
            }
        }
        return zip(sums, counts).map { s, c in zip(s, c).map { $1 > 0 ? $0 / $1 : 0 } }
    }

    /// Groups the observations into independent blocks and the blocks into types.
    private static func blocks(frame: ModelFrame, measures: RepeatedMeasures) throws(MMRMError)
        -> [(layout: BlockCovarianceLayout, blocks: [[Int]])] {
        let clusters = ClusterFinder.clusters(frame: frame, measures: measures)
        var index: [BlockKey: Int] = [:]
        var result: [(layout: BlockCovarianceLayout, blocks: [[Int]])] = []
        for (number, cluster) in clusters.enumerated() {
            var members: [BlockCovarianceLayout.Member] = []
            var rows: [Int] = []
            for s in cluster {
                let subject = measures.subjects[s]
                members.append(.init(group: subject.group, visits: subject.visits, offset: rows.count))
                rows += subject.rows
            }
            guard rows.count <= clusterLimit else {
                throw .clusterTooLarge(observations: rows.count, limit: clusterLimit,
                                       terms: frame.randomTerms.map(\.groupingName))
            }
            let terms = frame.randomTerms.enumerated().compactMap { t, term -> BlockCovarianceLayout.Term? in
                var local: [Int32: Int] = [:]
                var levels: [Int] = [], z: [Double] = []
                for row in rows {
                    let values = (0..<term.columnCount).map { term.columns[row, $0] }
                    z += values
                    if values.allSatisfy({ $0 == 0 }) {
                        levels.append(-1)
                    } else {
                        let level = term.levelIndex[row]
                        if local[level] == nil { local[level] = local.count }
                        levels.append(local[level]!)
                    }
                }
                return local.isEmpty ? nil : .init(term: t, size: term.columnCount, levels: levels, z: z)
            }
            let layout = BlockCovarianceLayout(size: rows.count, members: members, terms: terms)
            let key = BlockKey(layout: layout, cluster: members.count > 1 ? number : -1)
            if let existing = index[key] {
                result[existing].blocks.append(rows)
            } else {
                index[key] = result.count
                result.append((layout, [rows]))
            }
        }
        return result
    }

    /// Blocks of a single subject with the same group, visits and random-effects values share V.
    private struct BlockKey: Hashable {
        let members: [BlockCovarianceLayout.Member]
        let levels: [[Int]]
        let z: [[UInt64]]
        let cluster: Int

        init(layout: BlockCovarianceLayout, cluster: Int) {
            members = layout.members
            levels = layout.terms.map { [$0.term] + $0.levels }
            z = layout.terms.map { $0.z.map(\.bitPattern) }
            self.cluster = cluster
        }
    }
}

/// Subjects linked by a random-effects level with a non-zero model-matrix row belong to one
/// cluster (connected components, union–find); without random effects every subject is its own.
enum ClusterFinder {
    static func clusters(frame: ModelFrame, measures: RepeatedMeasures) -> [[Int]] {
        let subjects = measures.subjects.count
        var subjectOfRow = [Int](repeating: 0, count: frame.observationCount)
        for (s, subject) in measures.subjects.enumerated() { for row in subject.rows { subjectOfRow[row] = s } }
        var offsets: [Int] = []
        var total = subjects
        for term in frame.randomTerms {
            offsets.append(total)
            total += term.levelCount
        }
        var parent = Array(0..<total)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (t, term) in frame.randomTerms.enumerated() {
            for row in 0..<frame.observationCount {
                guard (0..<term.columnCount).contains(where: { term.columns[row, $0] != 0 }) else { continue }
                let a = find(subjectOfRow[row]), b = find(offsets[t] + Int(term.levelIndex[row]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var byRoot: [Int: Int] = [:]
        var clusters: [[Int]] = []
        for s in 0..<subjects {
            let root = find(s)
            if let existing = byRoot[root] {
                clusters[existing].append(s)
            } else {
                byRoot[root] = clusters.count
                clusters.append([s])
            }
        }
        return clusters
    }
}
