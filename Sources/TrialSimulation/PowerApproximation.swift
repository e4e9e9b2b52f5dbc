import Distributions
import TrialCore

/// The two-sample t-test approximation to the power of the primary test, for comparison with
/// the simulation.
///
/// With n₁, n₂ the expected participants with data at the primary visit (allocation ratio ×
/// N × (1 − dropout · k/K) for the k-th of K visits after randomization), Δ the effect and σ_e
/// the residual SD of the planned model, the test statistic is approximately noncentral t with
/// ν = n₁ + n₂ − 2 − c degrees of freedom (c = the covariates: the baseline score and
/// levels − 1 per stratification factor in the formula) and noncentrality δ = Δ / (σ_e √(1/n₁ + 1/n₂));
/// power = P(T > t_{1−α/2,ν}) + P(T < −t_{1−α/2,ν}) (R's `power.t.test(strict = TRUE)`).
///
/// σ_e follows the simulation model (``ScoreModel``): of the total variance σ², a share s lies
/// between sites and the rest, σ_w² = σ²(1 − s), correlates ρ between visits. A model that
/// adjusts for the stratification factors and the baseline score leaves σ_e² = σ_w²(1 − ρ²),
/// the ANCOVA variance factor (Borm, Fransen & Lemmens 2007, J Clin Epidemiol 60:1234–1238);
/// without the factors the site effect stays (total correlation ρ_t = s + (1 − s)ρ, σ_e² = σ²(1 − ρ_t²));
/// without the baseline score, σ_e² = σ_w² or σ². The mixed model also uses the other visits;
/// under this model they add little for the primary visit, so the approximation is close but
/// not exact (the Monte-Carlo result is the estimate; this is the check).
public struct PowerApproximation: Sendable, Equatable, Codable {
    public var method = "two-sample t test, noncentral t (Rmath pnt)"
    public var perArm: [Double]
    public var residualSD: Double
    public var degreesOfFreedom: Double
    public var noncentrality: Double
    public var power: Double

    enum CodingKeys: String, CodingKey {
        case method, power, noncentrality
        case perArm = "participants_per_arm", residualSD = "residual_sd", degreesOfFreedom = "degrees_of_freedom"
    }

    static func make(trial: TrialProtocol, outcome: PlannedOutcome, formula: [String], settings: SimulationSettings,
                     model: ScoreModel, arm: Int, control: Int) throws -> PowerApproximation {
        let later = trial.visits.filter { $0.day > 0 }.map(\.name)
        let k = later.firstIndex(of: outcome.visit).map { $0 + 1 } ?? 0
        let present = 1 - settings.dropout * Double(k) / Double(max(later.count, 1))
        let ratioSum = Double(trial.arms.map(\.ratio).reduce(0, +))
        let n = Double(settings.participants) * present
        let n1 = n * Double(trial.arms[arm].ratio) / ratioSum, n2 = n * Double(trial.arms[control].ratio) / ratioSum
        let sigma = model.standardDeviation
        let s = trial.stratification.isEmpty ? 0 : settings.siteVarianceShare
        let rho = settings.visitCorrelation
        let adjustsSites = !trial.stratification.isEmpty && trial.stratification.allSatisfy { formula.contains($0.name) }
        let adjustsBaseline = formula.contains(outcome.form + "_baseline")
        var variance: Double
        switch (adjustsSites, adjustsBaseline) {
        case (true, true): variance = sigma * sigma * (1 - s) * (1 - rho * rho)
        case (true, false): variance = sigma * sigma * (1 - s)
        case (false, true):
            let total = s + (1 - s) * rho
            variance = sigma * sigma * (1 - total * total)
        case (false, false): variance = sigma * sigma
        }
        var covariates = adjustsBaseline ? 1 : 0
        if adjustsSites { covariates += trial.stratification.map { $0.levels.count - 1 }.reduce(0, +) }
        let df = max(1, n1 + n2 - 2 - Double(covariates))
        let delta = model.effect / (variance.squareRoot() * (1 / n1 + 1 / n2).squareRoot())
        let alpha = 1 - trial.analysis.confidenceLevel
        let critical = try StudentT(degreesOfFreedom: df).quantile(1 - alpha / 2)
        let t = try NoncentralT(degreesOfFreedom: df, noncentrality: delta)
        let power = try t.cdf(critical, tail: .upper) + t.cdf(-critical)
        return PowerApproximation(perArm: [n1, n2], residualSD: variance.squareRoot(), degreesOfFreedom: df,
                                  noncentrality: delta, power: power)
    }
}
