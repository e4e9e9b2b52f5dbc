import MixedModels
import TrialCore

/// One planned outcome with the plan-wide settings it needs, resolved against the protocol.
public struct OutcomeSpecification: Sendable, Equatable {
    public var outcome: PlannedOutcome
    public var estimation: AnalysisPlan.Estimation
    public var degreesOfFreedom: AnalysisPlan.DegreesOfFreedom
    public var confidenceLevel: Double
    /// Arm codes in protocol order.
    public var arms: [String]
    /// The arm the others are compared with (the plan's `control_arm`, else the last arm).
    public var controlArm: String
    /// The visits after baseline that collect the outcome's form, in schedule order (the MMRM's
    /// time order).
    public var visits: [String]

    public init(outcome: PlannedOutcome, estimation: AnalysisPlan.Estimation = .reml,
                degreesOfFreedom: AnalysisPlan.DegreesOfFreedom = .kenwardRoger, confidenceLevel: Double = 0.95,
                arms: [String], controlArm: String, visits: [String]) {
        self.outcome = outcome; self.estimation = estimation; self.degreesOfFreedom = degreesOfFreedom
        self.confidenceLevel = confidenceLevel; self.arms = arms; self.controlArm = controlArm; self.visits = visits
    }

    /// The outcome as the protocol's plan defines it.
    public init(_ outcome: PlannedOutcome, in trial: TrialProtocol) {
        let plan = trial.analysis
        let baseline = LongDataBuilder.baselineVisit(trial)?.day ?? Int.min
        self.init(outcome: outcome, estimation: plan.estimation, degreesOfFreedom: plan.degreesOfFreedom,
                  confidenceLevel: plan.confidenceLevel, arms: trial.arms.map(\.code),
                  controlArm: plan.controlArm ?? trial.arms.last?.code ?? "",
                  visits: trial.visits.filter { $0.day > baseline && $0.forms.contains(outcome.form) }.map(\.name))
    }

    /// True when the formula has the visit as a variable; otherwise the model is fitted to the
    /// rows at the outcome's visit only (an ANCOVA at one visit).
    public var modelsVisits: Bool {
        guard let tilde = outcome.formula.firstIndex(of: "~") else { return false }
        let terms = outcome.formula[outcome.formula.index(after: tilde)...]
        return terms.matches(of: /[A-Za-z.][A-Za-z0-9._]*/).contains { $0.output == LongLayout.visit }
    }

    var dfMethod: DegreesOfFreedomMethod {
        switch degreesOfFreedom {
        case .satterthwaite: .satterthwaite
        case .kenwardRoger: .kenwardRoger
        case .residual: .residual
        }
    }

    var marginalMeansSpecification: String {
        modelsVisits ? "\(LongLayout.arm) | \(LongLayout.visit)" : LongLayout.arm
    }

    /// The `trialkit fit` command that fits the same model with the same inference to `file`.
    func fitCommand(file: String) -> String {
        var parts = ["trialkit fit \(file)", "--formula \"\(outcome.formula)\"", "--df \(degreesOfFreedom.rawValue)",
                     "--ref \(LongLayout.arm)=\(controlArm)", "--emmeans \"\(marginalMeansSpecification)\"",
                     "--adjust none", "--level \(confidenceLevel)"]
        if estimation == .ml { parts.append("--ml") }
        if let covariance = outcome.covariance {
            parts += ["--covariance \(covariance.rawValue)", "--subject \(LongLayout.participant)",
                      "--time \(LongLayout.visit)"]
            if modelsVisits { parts.append("--time-order \(visits.joined(separator: ","))") }
        }
        return parts.joined(separator: " ")
    }
}
