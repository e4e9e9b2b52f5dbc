import Analysis
import MixedModels
import Tabular

/// Exit codes for the errors of reading a table and fitting a model (`trialkit fit`):
/// 64 when the formula or an option is wrong (a syntax error, a reference level or EMM spec that
/// names no factor, Kenward–Roger on an ML fit), 65 when the data cannot support the model
/// (ragged or empty CSV, unknown column, text response, a grouping factor with one level or one
/// level per observation), 66 when the file does not exist or cannot be read.
extension ExitStatus {
    static func analysisCode(for error: any Error) -> Int32? {
        switch error {
        case let error as TableError:
            switch error.category {
            case .inputMissing, .unreadable: return inputMissing
            case .invalidData: return dataInvalid
            }
        case is FormulaError:
            return usage
        case let error as ModelFrameError:
            switch error {
            case .formula, .referenceNotAFactor, .unknownReferenceLevel, .unknownDesignVariable,
                 .missingDesignValue, .unknownDesignLevel, .designValueNotNumeric:
                return usage
            default:
                return dataInvalid
            }
        case let error as MixedModelError:
            switch error {
            case .inconsistentFrame, .thetaLength, .optimizerSetup: return internalError
            default: return dataInvalid
            }
        case let error as MMRMError:
            switch error {
            case .frame(let inner): return analysisCode(for: inner)
            case .startLength, .startNotPositiveDefinite, .timeOrderMismatch, .tooFewVisits: return usage
            default: return dataInvalid
            }
        case let error as InferenceError:
            switch error {
            case .kenwardRogerNeedsREML, .invalidLevel, .invalidSpecification, .unknownFactor: return usage
            case .contrastLength: return internalError
            default: return dataInvalid
            }
        case let error as AnalysisError:
            if case .unknownOutcome = error { return usage }
            return dataInvalid
        default:
            return nil
        }
    }
}
