import TrialCore
import Yams

/// Turns the YAML node tree of a protocol file into a `TrialProtocol`, reporting every
/// problem. Sections are read in dependency order (arms before randomization, forms before
/// visits, both before the analysis plan) whatever their order in the file.
enum ProtocolDecoder {
    /// The protocol format version this loader reads.
    static let supportedSchemaVersion = 1

    static let topLevelKeys = ["schema_version", "trial", "arms", "stratification", "randomization",
                               "forms", "visits", "analysis", "missing_codes"]

    /// The decoded protocol, or nil when the node tree is too broken to build one. A non-nil
    /// result is only valid when the sink holds no problems.
    static func decode(root: Node, into sink: inout ProblemSink) -> TrialProtocol? {
        guard let top = MappingReader(root, what: "the protocol", keys: topLevelKeys, sink: &sink) else {
            return nil
        }
        if let version = top.int("schema_version", required: true, &sink),
           version != supportedSchemaVersion {
            sink.add(at: top.markOf("schema_version"), "schema_version \(version) is not supported; "
                + "this TrialKit reads schema_version \(supportedSchemaVersion)")
        }
        let trial = top.required("trial", &sink).flatMap { TrialSection.decode($0, &sink) }
        let arms = top.required("arms", &sink).flatMap { ArmSection.decodeArms($0, &sink) }
        let strata = top.node("stratification").map { ArmSection.decodeStrata($0, &sink) } ?? []
        var eligibilityDraft: EligibilitySection.Draft?
        var randomization = top.required("randomization", &sink).flatMap {
            RandomizationSection.decode($0, arms: arms, strata: strata, eligibility: &eligibilityDraft, &sink)
        }
        var formNames = NameRegistry(kind: "form")
        var scoredForms: Set<String> = []
        var formSources: [FormSource] = []
        var forms = top.required("forms", &sink).map {
            FormSection.decodeForms($0, names: &formNames, scored: &scoredForms, sources: &formSources, &sink)
        } ?? []
        var visitNames = NameRegistry(kind: "visit")
        let visits = top.required("visits", &sink).map {
            VisitSection.decode($0, forms: formNames, names: &visitNames, &sink)
        } ?? []
        if let eligibilityDraft {
            randomization?.eligibility = EligibilitySection.resolve(eligibilityDraft, forms: forms, visits: visits, &sink)
        }
        let missingCodes = top.node("missing_codes") == nil ? []
            : decodeMissingCodes(top, key: "missing_codes", &sink)
        ExpressionSection.check(forms: &forms, visits: visits, sources: formSources, missingCodes: missingCodes, &sink)
        let analysis = top.required("analysis", &sink).flatMap {
            AnalysisSection.decode($0, AnalysisSection.Context(forms: forms, scoredForms: scoredForms, formNames: formNames, visits: visits,
                                                               visitNames: visitNames, arms: arms, strata: strata), &sink)
        }
        guard let trial, let arms, let randomization, let analysis else { return nil }
        return TrialProtocol(
            id: trial.id, title: trial.title, registration: trial.registration, arms: arms,
            stratification: strata, randomization: randomization, visits: visits, forms: forms,
            analysis: analysis, targetSampleSize: trial.targetSampleSize,
            schemaVersion: supportedSchemaVersion, participantIDPattern: trial.participantIDPattern,
            missingCodes: missingCodes)
    }
}

/// The `trial` section: identification of the trial.
enum TrialSection {
    struct Metadata {
        var id, title: String
        var registration: String?
        var targetSampleSize: Int
        var participantIDPattern: String
    }

    static let keys = ["id", "title", "registration", "target_sample_size", "participant_id_pattern"]

    static func decode(_ node: Node, _ sink: inout ProblemSink) -> Metadata? {
        guard let trial = MappingReader(node, what: "`trial`", keys: keys, sink: &sink) else { return nil }
        let id = trial.string("id", required: true, &sink)
        if let id, id.wholeMatch(of: /[A-Za-z0-9][A-Za-z0-9_.-]*/) == nil {
            sink.add(at: trial.markOf("id"), "trial id `\(id)` may hold only ASCII letters, digits, "
                + "`_`, `-` and `.`, starting with a letter or digit")
        }
        let title = trial.string("title", required: true, &sink)
        let registration = trial.string("registration", &sink)
        let size = trial.int("target_sample_size", required: true, &sink)
        if let size, size < 1 {
            sink.add(at: trial.markOf("target_sample_size"),
                     "`target_sample_size` must be at least 1, not \(size)")
        }
        let pattern = trial.string("participant_id_pattern", &sink)
        if let pattern, let problem = ParticipantID.patternProblem(pattern) {
            sink.add(at: trial.markOf("participant_id_pattern"),
                     "`participant_id_pattern` cannot be used: \(problem); write a regular expression "
                        + "that matches whole IDs such as `^P[0-9]{3}$`")
        }
        guard let id, let title, let size else { return nil }
        return Metadata(id: id, title: title, registration: registration, targetSampleSize: size,
                        participantIDPattern: pattern ?? ParticipantID.defaultPattern)
    }
}
