import ArgumentParser
import MixedModels
import Foundation

/// `trialkit fit` options for an MMRM: `--covariance STRUCT --subject ID --time VISIT [--group VAR]`.
/// With `--covariance` the residuals of each subject get a structured covariance over its visits
/// (SAS `REPEATED VISIT / TYPE= SUBJECT= GROUP=`; random-effects terms in the formula are SAS
/// `RANDOM`); without it `trialkit fit` fits lme4's model.
struct RepeatedMeasuresOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Residual covariance over visits: us, cs, csh, ar1, ar1h, toep or toeph.",
                               valueName: "structure"))
    var covariance: CovarianceStructure?

    @Option(help: ArgumentHelp("The subject identifier column (with --covariance).", valueName: "column"))
    var subject: String?

    @Option(help: ArgumentHelp("The visit column; its sorted levels order the covariance (with --covariance).",
                               valueName: "column"))
    var time: String?

    @Option(name: .customLong("time-order"),
            help: ArgumentHelp("The visits in time order, comma-separated, when sorting gets it wrong "
                               + "(e.g. baseline,post,followup).", valueName: "levels"))
    var timeOrder: String?

    @Option(help: ArgumentHelp("A column whose levels get their own covariance (SAS GROUP=), e.g. the arm.",
                               valueName: "column"))
    var group: String?

    @Option(help: ArgumentHelp("With --group: separate (all parameters per group, SAS) or shared-correlation "
                               + "(variances per group, common correlations, as nlme varIdent).", valueName: "mode"))
    var grouping: CovarianceGrouping = .separate

    @Option(help: ArgumentHelp("Covariance convergence: sas (SAS's criterion and iterations, the default) or strict.",
                               valueName: "rule"))
    var convergence: MMRMConvergenceRule = .sas

    /// The MMRM request, `nil` without --covariance.
    func request() throws -> MMRMRequest? {
        guard let covariance else {
            if subject != nil || time != nil || group != nil || timeOrder != nil {
                throw ValidationError("--subject, --time, --group and --time-order need --covariance STRUCT "
                    + "(e.g. --covariance us).")
            }
            return nil
        }
        guard let subject, let time else {
            throw ValidationError("--covariance \(covariance.rawValue) needs --subject COLUMN and --time COLUMN.")
        }
        let order = timeOrder.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let order, order.isEmpty || order.contains(where: \.isEmpty) {
            throw ValidationError("--time-order must list the visits separated by commas, e.g. baseline,post,followup.")
        }
        return MMRMRequest(specification: CovarianceSpecification(structure: covariance, subject: subject, time: time,
                                                                  group: group, grouping: grouping, timeOrder: order),
                           convergence: convergence)
    }
}
