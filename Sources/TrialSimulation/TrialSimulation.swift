import CRFValidation
import Foundation
import TrialCore

/// One file of a simulated trial, relative to the output directory.
public struct SimulatedFile: Sendable, Equatable {
    public var path: String
    public var text: String
    /// The form the file holds (nil for participants.csv, allocations.csv, manifest.json).
    public var form: String?
    /// Data rows (records), header excluded.
    public var rows: Int
}

/// A simulated trial: its participants and every file to write.
public struct SimulatedTrial: Sendable {
    public var participants: [SimulatedParticipant]
    /// One CSV per form (`<form>.csv`), `participants.csv`, `allocations.csv` when the simulator
    /// allocated, `errors/<form>.csv` with `--with-errors`, and `manifest.json` last.
    public var files: [SimulatedFile]
    public var plantedErrors: [PlantedError]
}

/// Simulates a trial's CRF data from its protocol (see ``ScoreModel``, ``ItemResponses``,
/// ``FieldValues``, ``Roster``).
public enum TrialSimulation {
    /// Simulates every form at every visit that collects it.
    /// - Parameters:
    ///   - allocations: participants already randomized (their IDs, strata, arms and dates);
    ///     nil: `settings.participants` participants are recruited and allocated by the
    ///     protocol's scheme under the seed.
    ///   - protocolChecksum: recorded in the manifest.
    public static func simulate(_ trial: TrialProtocol, settings: SimulationSettings,
                                allocations: [AllocatedParticipant]? = nil,
                                protocolChecksum: String? = nil) throws -> SimulatedTrial {
        try settings.validate(against: trial)
        let streams = RandomStreams(seed: settings.seed)
        let roster = try allocations.map { Roster.fromAllocations($0, trial: trial, settings: settings, streams: streams) }
            ?? Roster.simulate(trial, settings: settings, streams: streams)
        let simulator = TrialDataSimulator(trial: trial, settings: settings, roster: roster)
        var files: [SimulatedFile] = []
        var stored = InMemoryRecords()
        for form in trial.forms where trial.visits.contains(where: { $0.forms.contains(form.name) }) {
            let records = try simulator.records(of: form, validating: true, others: stored)
            files.append(SimulatedFile(path: form.name + ".csv", text: CRFWriter.csv(form: form, records: records, roster: roster),
                                       form: form.name, rows: records.count))
            for record in records {
                var values = record.cells
                values["visit_date"] = record.date.description
                stored.add(participant: roster.participants[record.participant].id, visit: record.visit.name,
                           form: form.name, values: values)
            }
        }
        let factors = trial.stratification.map(\.name)
        var participants = [(["participant_id"] + factors).map(CRFWriter.field).joined(separator: ",")]
        for p in roster.participants {
            participants.append(([p.id] + zip(trial.stratification, p.levels).map { $0.levels[$1] }).map(CRFWriter.field).joined(separator: ","))
        }
        files.append(SimulatedFile(path: "participants.csv", text: participants.joined(separator: "\n") + "\n", form: nil,
                                   rows: roster.participants.count))
        if allocations == nil {
            var lines = [(["participant_id", "arm"] + factors + ["randomization_date"]).map(CRFWriter.field).joined(separator: ",")]
            for p in roster.participants {
                lines.append(([p.id, trial.arms[p.arm].code] + zip(trial.stratification, p.levels).map { $0.levels[$1] }
                              + [p.randomized.description]).map(CRFWriter.field).joined(separator: ","))
            }
            files.append(SimulatedFile(path: "allocations.csv", text: lines.joined(separator: "\n") + "\n", form: nil,
                                       rows: roster.participants.count))
        }
        var planted: [PlantedError] = []
        if settings.withErrors, let form = errorForm(trial) {
            let batch = PlantedErrors.make(simulator, form: form)
            planted = batch.errors
            files.append(SimulatedFile(path: "errors/\(form.name).csv", text: batch.text, form: form.name,
                                       rows: batch.text.split(separator: "\n").count - 1))
        }
        let manifest = SimulationManifest(trial: trial, checksum: protocolChecksum, settings: settings, roster: roster,
                                          allocationSource: allocations == nil ? "simulated" : "file",
                                          files: files, planted: planted)
        files.append(SimulatedFile(path: "manifest.json", text: try manifest.json(), form: nil, rows: 0))
        return SimulatedTrial(participants: roster.participants, files: files, plantedErrors: planted)
    }

    /// The form that receives the planted errors: the primary outcome's, else the first scored one.
    static func errorForm(_ trial: TrialProtocol) -> Form? {
        let primary = trial.analysis.outcomes.first { $0.role == .primary }.flatMap { trial.form(named: $0.form) }
        return primary ?? trial.forms.first { $0.score != nil }
    }
}

/// `manifest.json`: how the files were made, so a run can be repeated and checked.
struct SimulationManifest: Encodable {
    struct FileEntry: Encodable { var file: String; var form: String?; var rows: Int }
    var generator = "trialkit simulate-trial"
    var protocolID: String
    var protocolChecksum: String?
    var settings: SimulationSettings
    var allocationSource: String
    var participants: Int
    var arms: [String: Int]
    var participantsPerVisit: [String: Int]
    var files: [FileEntry]
    var plantedErrors: [PlantedError]

    init(trial: TrialProtocol, checksum: String?, settings: SimulationSettings, roster: Roster,
         allocationSource: String, files: [SimulatedFile], planted: [PlantedError]) {
        protocolID = trial.id; protocolChecksum = checksum; self.settings = settings
        self.allocationSource = allocationSource
        participants = roster.participants.count
        arms = Dictionary(trial.arms.map { ($0.code, 0) }, uniquingKeysWith: +)
        for p in roster.participants { arms[trial.arms[p.arm].code, default: 0] += 1 }
        var perVisit: [String: Int] = [:]
        let later = trial.visits.filter { $0.day > 0 }.map(\.name)
        for visit in trial.visits {
            let k = later.firstIndex(of: visit.name)
            perVisit[visit.name] = roster.participants.filter { k == nil || k! < $0.attendedAfterRandomization }.count
        }
        participantsPerVisit = perVisit
        self.files = files.map { FileEntry(file: $0.path, form: $0.form, rows: $0.rows) }
        plantedErrors = planted
    }

    enum CodingKeys: String, CodingKey {
        case generator, settings, participants, arms, files
        case protocolID = "protocol_id", protocolChecksum = "protocol_sha256", allocationSource = "allocation_source"
        case participantsPerVisit = "participants_per_visit", plantedErrors = "planted_errors"
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
