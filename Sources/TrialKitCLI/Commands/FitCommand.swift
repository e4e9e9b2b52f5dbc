import ArgumentParser
import MixedModels

extension DegreesOfFreedomMethod: ExpressibleByArgument {}
extension PairwiseAdjustment: ExpressibleByArgument {}
extension OptimizerTolerance: ExpressibleByArgument {}
extension CovarianceStructure: ExpressibleByArgument {}
extension CovarianceGrouping: ExpressibleByArgument {}
extension MMRMConvergenceRule: ExpressibleByArgument {}

/// `trialkit fit DATA.csv --formula "…"`: a linear mixed model on any CSV file, as lme4's `lmer`
/// with lmerTest/pbkrtest inference and emmeans. Needs no database and no user.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a linear mixed model to a CSV file (lme4 lmer with lmerTest df and emmeans).",
        discussion: """
            Prints a summary like R's summary(lmer) with t tests, or one JSON object with --json. \
            Needs no database and no user. Exit codes: 64 bad formula or option, 65 the data \
            cannot support the model (unknown column, text response, too few groups, ragged CSV), \
            66 the file does not exist.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The data, a CSV file with a header row.", valueName: "data.csv"))
    var data: String

    @Option(help: ArgumentHelp("The model in lme4 syntax, e.g. \"y ~ arm * visit + (1 | id)\".", valueName: "formula"))
    var formula: String

    @Flag(help: "Fit by maximum likelihood instead of REML.")
    var ml = false

    @Option(help: ArgumentHelp("Degrees of freedom for t tests: satterthwaite, kenward-roger (REML only), "
                               + "kenward-roger-linear (REML only) or residual.", valueName: "method"))
    var df: DegreesOfFreedomMethod = .satterthwaite

    @Option(name: .customLong("ref"), parsing: .singleValue,
            help: ArgumentHelp("Reference (first) level of a factor; repeatable.", valueName: "var=level"))
    var references: [String] = []

    @Option(help: ArgumentHelp("Estimated marginal means and pairwise contrasts, e.g. \"arm | visit\".",
                               valueName: "spec"))
    var emmeans: String?

    @Option(help: ArgumentHelp("Multiplicity adjustment of the EMM contrasts: tukey (as emmeans) or none.",
                               valueName: "method"))
    var adjust: PairwiseAdjustment = .tukey

    @Option(help: ArgumentHelp("Optimizer stopping rules: strict (θ to ~1e-8, the default) or lme4 (lmerControl() defaults).",
                               valueName: "rules"))
    var tolerance: OptimizerTolerance = .strict

    @Option(help: ArgumentHelp("Confidence level of the EMM and contrast intervals.", valueName: "level"))
    var level: Double = 0.95

    @OptionGroup(title: "Mixed model for repeated measures (structured residual covariance, as SAS REPEATED)")
    var repeated: RepeatedMeasuresOptions

    func validate() throws {
        _ = try referenceLevels()
        _ = try repeated.request()
        guard level > 0, level < 1 else {
            throw ValidationError("--level \(level) must be strictly between 0 and 1, e.g. 0.95.")
        }
    }

    func run() throws {
        let request = FitRequest(
            dataPath: data, formula: formula, criterion: ml ? .ml : .reml, dfMethod: df,
            referenceLevels: try referenceLevels(), marginalMeans: emmeans, adjustment: adjust, level: level,
            tolerance: tolerance)
        if let mmrm = try repeated.request() {
            let report = try MMRMReport.make(request, mmrm)
            if global.json { try Console.json(report.json) } else { print(report.text) }
            return
        }
        let report = try FitReport.make(request)
        if global.json {
            try Console.json(report.json)
        } else {
            print(report.text)
        }
    }

    /// `--ref arm=SAU --ref visit=baseline` as a dictionary.
    private func referenceLevels() throws -> [String: String] {
        var result: [String: String] = [:]
        for text in references {
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
                  text.index(after: equals) != text.endIndex else {
                throw ValidationError("--ref \(text) must be written VARIABLE=LEVEL, e.g. --ref arm=SAU.")
            }
            let name = String(text[..<equals]), value = String(text[text.index(after: equals)...])
            if let previous = result[name], previous != value {
                throw ValidationError("--ref names two reference levels for \(name) ('\(previous)' and '\(value)'); give one.")
            }
            result[name] = value
        }
        return result
    }
}
