extension ReportDocument {
    /// Checks what the layout relies on: one entry per arm in every per-arm array, finite numbers,
    /// arm indices in range. Throws the first problem found, naming its field.
    func validate() throws(ReportError) {
        let armCount = armNames.count
        guard armCount > 0 else { throw .noArms }
        func arms(_ field: String, _ found: Int) throws(ReportError) {
            if found != armCount { throw .armCountMismatch(field: field, expected: armCount, found: found) }
        }
        func finite(_ field: String, _ values: Double?...) throws(ReportError) {
            for value in values {
                if let value, !value.isFinite { throw .notFinite(field: field) }
            }
        }
        func finite(_ field: String, _ estimate: Estimate) throws(ReportError) {
            try finite(field, estimate.estimate, estimate.lower, estimate.upper)
        }

        try arms("consort.arms", consort.arms.count)
        try consort.checkCounts()
        for (index, row) in baseline.rows.enumerated() where row.kind == .row {
            try arms("baseline.rows[\(index)].values", row.values.count)
        }
        for (index, outcome) in outcomes.enumerated() {
            let field = "outcomes[\(index)]"
            try arms("\(field).marginalMeans", outcome.marginalMeans.count)
            for (arm, mean) in outcome.marginalMeans.enumerated() { try finite("\(field).marginalMeans[\(arm)]", mean) }
            try finite("\(field).difference", outcome.difference)
            try finite("\(field).cohenD", outcome.cohenD)
            try finite("\(field).pValue", outcome.pValue)
            try finite("\(field).degreesOfFreedom", outcome.degreesOfFreedom)
        }
        if let trajectory {
            try arms("trajectory.arms", trajectory.arms.count)
            for (arm, points) in trajectory.arms.enumerated() {
                for (index, point) in points.enumerated() {
                    try finite("trajectory.arms[\(arm)][\(index)]", point.mean, point.lower, point.upper)
                }
            }
        }
        for (index, cell) in missingness.enumerated() where !(0..<armCount).contains(cell.arm) {
            throw .armOutOfRange(field: "missingness[\(index)].arm", index: cell.arm, armCount: armCount)
        }
    }
}

extension ConsortFlow {
    /// The diagram's counts must add up: no negative count, randomized = Σ allocated,
    /// nobody analysed or followed up who was not allocated, no more excluded or randomized than assessed.
    func checkCounts() throws(ReportError) {
        func require(_ condition: Bool, _ field: String, _ detail: String) throws(ReportError) {
            if !condition { throw .inconsistentCount(field: field, detail: detail) }
        }
        let allocated = arms.map(\.allocated).reduce(0, +)
        try require(randomized >= 0, "consort.randomized", "\(randomized) is negative")
        try require(allocated == randomized, "consort.arms",
                    "the arms' allocated counts add up to \(allocated) but \(randomized) were randomized")
        if let assessed {
            try require(randomized <= assessed, "consort.randomized", "\(randomized) randomized exceeds \(assessed) assessed")
            if let excluded = excludedAtScreening {
                try require(excluded >= 0 && excluded <= assessed, "consort.excludedAtScreening",
                            "\(excluded) excluded is not between 0 and \(assessed) assessed")
            }
        }
        for (index, arm) in arms.enumerated() {
            let field = "consort.arms[\(index)]"
            try require(arm.allocated >= 0, "\(field).allocated", "\(arm.allocated) is negative")
            try require(arm.analysed >= 0 && arm.analysed <= arm.allocated, "\(field).analysed",
                        "\(arm.analysed) analysed is not between 0 and \(arm.allocated) allocated")
            for (visitIndex, visit) in arm.visits.enumerated() {
                try require(visit.withData >= 0 && visit.withData <= arm.allocated, "\(field).visits[\(visitIndex)].withData",
                            "\(visit.withData) with data at \(visit.visit) is not between 0 and \(arm.allocated) allocated")
            }
        }
    }
}
