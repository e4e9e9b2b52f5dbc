/// Why a randomization design, list or request was refused. Each description is one sentence that
/// names the offending value and says what to change.
public enum RandomizationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedAlgorithmVersion(String, supported: [String])
    case tooFewArms(Int)
    case duplicateArmCode(String)
    case nonPositiveRatio(arm: String, ratio: Int)
    case noBlockSizes
    case duplicateBlockSize(Int)
    case blockSizeNotMultipleOfRatio(size: Int, ratioSum: Int)
    case invalidBlockProbability(size: Int, probability: Double)
    case blockProbabilitiesDoNotSumToOne(Double)
    case factorWithoutLevels(String)
    case duplicateFactor(String)
    case duplicateLevel(factor: String, level: String)
    case separatorInName(String)
    case tooManyStrata(Int)
    case nonPositiveCount(name: String, value: Int)
    case weightCountMismatch(factors: Int, weights: Int)
    case invalidFactorWeight(factor: String, weight: Double)
    case invalidPreferredProbability(Double, arms: Int)
    case levelCountMismatch(expected: Int, got: Int)
    case levelOutOfRange(factor: String, index: Int, levels: Int)
    case unknownLevel(factor: String, level: String, known: [String])
    case armOutOfRange(index: Int, arms: Int)
    case stratumProbabilityCountMismatch(strata: Int, probabilities: Int)
    case invalidStratumProbabilities(String)
    case streamKeyCollision(String, String)
    case notAListMethod(String)
    case notMinimization(String)
    case unknownFactor(String, known: [String])
    case factorGivenTwice(String)
    case missingFactors([String])

    public var description: String {
        switch self {
        case let .unsupportedAlgorithmVersion(version, supported):
            return "Algorithm version \"\(version)\" is not supported by this build; use one of \(supported.joined(separator: ", ")) or a TrialKit release that provides it."
        case let .tooFewArms(count):
            return "A design needs at least two arms but has \(count); add arms to the protocol."
        case let .duplicateArmCode(code):
            return "Arm code \"\(code)\" appears more than once; give every arm a distinct code."
        case let .nonPositiveRatio(arm, ratio):
            return "Arm \"\(arm)\" has allocation ratio \(ratio); ratios must be positive integers such as 1 or 2."
        case .noBlockSizes:
            return "Permuted blocks need at least one block size; list sizes with their probabilities."
        case let .duplicateBlockSize(size):
            return "Block size \(size) is listed more than once; list each size once with its probability."
        case let .blockSizeNotMultipleOfRatio(size, ratioSum):
            return "Block size \(size) is not a positive multiple of the ratio sum \(ratioSum); use sizes such as \(ratioSum), \(2 * ratioSum), \(3 * ratioSum)."
        case let .invalidBlockProbability(size, probability):
            return "Block size \(size) has probability \(probability); probabilities must be finite numbers in (0, 1]."
        case let .blockProbabilitiesDoNotSumToOne(sum):
            return "Block-size probabilities sum to \(sum), not 1; correct them so that they sum to 1."
        case let .factorWithoutLevels(factor):
            return "Stratification factor \"\(factor)\" has no levels; list at least one level."
        case let .duplicateFactor(factor):
            return "Stratification factor \"\(factor)\" appears more than once; give factors distinct names."
        case let .duplicateLevel(factor, level):
            return "Level \"\(level)\" of factor \"\(factor)\" appears more than once; give levels distinct names."
        case let .separatorInName(name):
            return "Name \"\(name)\" contains the control character U+001F; remove it."
        case let .tooManyStrata(count):
            return "The stratification factors give \(count) strata, more than 100000; use fewer factors or levels, or minimization."
        case let .nonPositiveCount(name, value):
            return "\(name) is \(value); it must be a positive whole number."
        case let .weightCountMismatch(factors, weights):
            return "There are \(factors) minimization factors but \(weights) weights; give one weight per factor."
        case let .invalidFactorWeight(factor, weight):
            return "Factor \"\(factor)\" has weight \(weight); weights must be positive finite numbers."
        case let .invalidPreferredProbability(p, arms):
            return "Preferred-arm probability \(p) is outside [1/\(arms), 1]; use a value such as 0.8."
        case let .levelCountMismatch(expected, got):
            return "A participant has \(got) factor levels but the design has \(expected) factors; give one level per factor."
        case let .levelOutOfRange(factor, index, levels):
            return "Level index \(index) of factor \"\(factor)\" is outside 0..<\(levels); use a level of that factor."
        case let .unknownLevel(factor, level, known):
            let hint = known.first { $0.lowercased() == level.lowercased() }.map { " (did you mean \"\($0)\"?)" } ?? ""
            return "\"\(level)\" is not a level of factor \"\(factor)\"\(hint); use one of " + known.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        case let .armOutOfRange(index, arms):
            return "Arm index \(index) is outside 0..<\(arms); history rows must name an arm of the design."
        case let .stratumProbabilityCountMismatch(strata, probabilities):
            return "There are \(strata) strata but \(probabilities) arrival probabilities; give one per stratum."
        case let .invalidStratumProbabilities(reason):
            return "Stratum arrival probabilities are invalid (\(reason)); give non-negative numbers that sum to 1."
        case let .streamKeyCollision(first, second):
            return "Streams \"\(first)\" and \"\(second)\" hash to the same key; rename one of the levels."
        case let .notMinimization(method):
            return "Randomization method \"\(method)\" is not minimization; build a list design for it instead."
        case let .unknownFactor(factor, known):
            let list = known.isEmpty ? "the protocol has no stratification factors" : "the factors are " + known.joined(separator: ", ")
            return "\"\(factor)\" is not a stratification factor of this protocol (\(list)); name each factor as FACTOR=LEVEL."
        case let .factorGivenTwice(factor):
            return "Stratification factor \"\(factor)\" is given twice; give each factor once."
        case let .missingFactors(factors):
            return "The stratum is incomplete: no level given for " + factors.map { "\"\($0)\"" }.joined(separator: ", ")
                + "; give every stratification factor as FACTOR=LEVEL."
        case let .notAListMethod(method):
            return "Randomization method \"\(method)\" allocates from the history, not from a pre-generated list; use a minimization design instead."
        }
    }
}
