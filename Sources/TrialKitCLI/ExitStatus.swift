import ArgumentParser
import CRFExport
import CRFValidation
import Foundation
import Randomization
import Tabular
import TrialSpec
import TrialStore

/// The one mapping from errors to exit codes (sysexits.h values).
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 64 | usage: bad arguments or options, a formula that does not parse |
/// | 65 | data invalid: a protocol with problems, a broken audit trail, a conflicting change, a stratum or list the protocol does not allow, double randomization, an exhausted list, data that cannot support a model |
/// | 66 | input missing: no such protocol file, database or data file |
/// | 70 | internal error: a bug or an unexpected SQLite failure |
/// | 73 | cannot create: the database or an output file already exists or cannot be made |
/// | 77 | not permitted: unknown, inactive or unauthorised user |
enum ExitStatus {
    static let ok: Int32 = 0
    static let usage: Int32 = 64
    static let dataInvalid: Int32 = 65
    static let inputMissing: Int32 = 66
    static let internalError: Int32 = 70
    static let cannotCreate: Int32 = 73
    static let notPermitted: Int32 = 77

    /// Writes the error's message to stderr (help and version to stdout) and returns its code.
    static func report(_ error: any Error) -> Int32 {
        if let code = code(for: error) {
            Console.error(String(describing: error))
            return code
        }
        // ArgumentParser's own errors: help/version requests, parse and validation errors.
        let message = TrialKitCommand.fullMessage(for: error)
        let parserCode = TrialKitCommand.exitCode(for: error)
        if parserCode == .success {
            if !message.isEmpty { print(message) }
            return ok
        }
        if parserCode == .validationFailure {
            Console.error(message)
            return usage
        }
        Console.error("Internal error: \(error). Please report this with the command you ran.")
        return internalError
    }

    /// The code for errors TrialKit defines; nil for ArgumentParser's and unknown ones.
    static func code(for error: any Error) -> Int32? {
        switch error {
        case let error as CLIError:
            switch error {
            case .noUser, .unknownUser, .inactiveUser, .notPermitted, .blinded: return notPermitted
            case .auditBroken, .invalidData: return dataInvalid
            case .invalidParticipantID, .malformedStratum, .usage: return usage
            case .outputExists, .cannotWrite: return cannotCreate
            }
        case let error as ProtocolError:
            switch error {
            case .fileMissing, .unreadable: return inputMissing
            case .invalid: return dataInvalid
            }
        case let error as StoreError:
            switch error {
            case .databaseExists, .cannotCreate, .backupFailed, .databaseInUse: return cannotCreate
            case .databaseMissing, .queryMissing: return inputMissing
            case .notATrialDatabase, .schemaTooNew, .userExists, .userMissing, .unchanged,
                 .checksumMismatch, .noProtocol, .auditTrailDamaged, .lastAdmin,
                 .allocationListsExist, .noAllocationLists, .noListForStratum, .alreadyRandomized,
                 .listExhausted, .notEligible, .stratumMismatch, .participantNotEnrolled, .notRandomized,
                 .invalidAllocationHistory, .queryClosed, .participantMissing, .restoreRefused:
                return dataInvalid
            case .invalidUserName, .reasonRequired: return usage
            case .unknownActor, .userInactive: return notPermitted
            case .database: return internalError
            }
        case let error as CRFValidation.ValidationError:
            return error.exitCode
        case let error as REDCapDictionaryError:
            return error.exitCode
        case is RandomizationError, is AllocationTableError:
            return dataInvalid
        case let error as TableError:
            return error.category == .invalidData ? dataInvalid : inputMissing
        case let error as ExportError:
            if case .unknownForm = error { return usage }
            return dataInvalid
        default:
            return analysisCode(for: error) ?? simulationCode(for: error)
        }
    }
}
