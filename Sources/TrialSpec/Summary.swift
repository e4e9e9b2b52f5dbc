import TrialCore

extension TrialProtocol {
    /// A readable multi-line description of the protocol, for `trialkit protocol show`.
    ///
    /// With `concealingBlockSizes`, block sizes are replaced by a note: SPIRIT 2013 item 16a
    /// keeps them from those who enrol or assign participants.
    public func summary(concealingBlockSizes: Bool = false) -> String {
        var lines = ["\(title) (id \(id), schema_version \(schemaVersion))"]
        if let registration { lines.append("Registration: \(registration)") }
        if let targetSampleSize { lines.append("Target sample size: \(targetSampleSize)") }
        lines.append("Participant IDs must match: \(participantIDPattern)")
        lines.append("Arms (allocation \(arms.map { String($0.ratio) }.joined(separator: ":"))):")
        let codeWidth = arms.map(\.code.count).max() ?? 0
        lines += arms.map { "  \(pad($0.code, codeWidth))  \($0.label)" }
        if stratification.isEmpty {
            lines.append("Stratification: none")
        } else {
            lines.append("Stratification:")
            lines += stratification.map {
                "  \($0.name) (\($0.levels.count) levels): \($0.levels.joined(separator: ", "))"
            }
        }
        lines.append("Randomization: \(randomizationText(concealingBlockSizes: concealingBlockSizes))")
        let blinded = randomization.blindedRoles.map(\.rawValue)
        lines.append("Blinded to arm: " + (blinded.isEmpty ? "no role" : blinded.joined(separator: ", ")))
        if let eligibility = randomization.eligibility {
            lines.append("Before randomization: \(eligibility.form).\(eligibility.field) at visit "
                + "\(eligibility.visit) must be recorded as yes")
        }
        lines.append("Visits:")
        let visitWidth = visits.map(\.name.count).max() ?? 0
        lines += visits.map { visit in
            "  \(pad(visit.name, visitWidth))  day \(visit.day), window days \(visit.window.lowerBound) to "
                + "\(visit.window.upperBound); forms: \(visit.forms.joined(separator: ", "))"
        }
        lines.append("Forms:")
        let formWidth = forms.map(\.name.count).max() ?? 0
        lines += forms.map { "  \(pad($0.name, formWidth))  \(formText($0))" }
        lines.append("Analysis (\(analysis.population.rawValue), \(analysis.estimation.rawValue.uppercased()), "
            + "\(analysis.degreesOfFreedom.rawValue) degrees of freedom, "
            + "\(format(analysis.confidenceLevel * 100))% confidence intervals, each arm against "
            + "\(analysis.controlArm ?? arms.last?.code ?? "?")):")
        let outcomeWidth = analysis.outcomes.map(\.name.count).max() ?? 0
        lines += analysis.outcomes.map { outcome in
            "  \(pad(outcome.role.rawValue, 11)) \(pad(outcome.name, outcomeWidth))  \(outcome.score) at "
                + "\(outcome.visit): \(outcome.formula)"
                + (outcome.covariance.map { ", residual covariance \($0.rawValue)" } ?? "")
        }
        return lines.joined(separator: "\n")
    }

    private func randomizationText(concealingBlockSizes: Bool) -> String {
        switch randomization.method {
        case .complete:
            return "complete (simple) randomization"
        case .permutedBlocks where concealingBlockSizes:
            let strata = stratification.isEmpty ? "" : ", within each stratum"
            return "permuted blocks of random size\(strata) (the sizes are concealed from those who enrol "
                + "or assign participants)"
        case .permutedBlocks:
            let sizes = randomization.blockSizes.map { "\($0.size) (p = \(format($0.probability)))" }
            let strata = stratification.isEmpty ? "" : ", within each stratum"
            return "permuted blocks of random size\(strata): " + sizes.joined(separator: ", ")
        case .minimization:
            guard let settings = randomization.minimization else { return "minimization" }
            return "minimization (Pocock–Simon) over \(stratification.map(\.name).joined(separator: ", ")), "
                + "\(settings.measure.rawValue) imbalance, probability \(format(settings.probability))"
        }
    }

    private func formText(_ form: Form) -> String {
        var text = "\(form.label): \(form.fields.count) field\(form.fields.count == 1 ? "" : "s")"
        if let first = form.fields.first, let last = form.fields.last, form.fields.count > 1 {
            text += " (\(first.name) … \(last.name))"
        }
        if let score = form.score {
            text += "; score = \(score.method.rawValue) of \(score.items.count) items"
            if !score.reversed.isEmpty { text += ", \(score.reversed.count) reversed" }
            if let range = scoreRange(score, in: form) {
                text += ", range \(format(range.lowerBound)) to \(format(range.upperBound))"
            }
            if score.minimumAnswered < score.items.count {
                text += ", at least \(score.minimumAnswered) answered (missing items: \(score.fill.rawValue))"
            }
            if !score.subscores.isEmpty { text += "; subscores " + score.subscores.map(\.name).joined(separator: ", ") }
        }
        if !form.checks.isEmpty { text += "; \(form.checks.count) check\(form.checks.count == 1 ? "" : "s")" }
        return text
    }

    /// The attainable score range: per item [min, max] summed (sum) or averaged (mean).
    private func scoreRange(_ score: Score, in form: Form) -> ClosedRange<Double>? {
        var low = 0.0, high = 0.0
        for name in score.items {
            guard let field = form.field(named: name), let min = field.min, let max = field.max else { return nil }
            low += min; high += max
        }
        let divisor = score.method == .mean ? Double(score.items.count) : 1
        return (low / divisor)...(high / divisor)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
