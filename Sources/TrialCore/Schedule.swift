/// How participants are allocated to arms.
public struct RandomizationScheme: Sendable, Equatable, Codable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case permutedBlocks = "permuted-blocks"
        case complete
        case minimization
    }
    public var method: Method
    /// Block sizes with their probabilities (permuted blocks only); probabilities sum to 1.
    public var blockSizes: [BlockSize]
    /// Settings of Pocock–Simon minimization (minimization only).
    public var minimization: MinimizationSettings?
    public init(method: Method, blockSizes: [BlockSize], minimization: MinimizationSettings? = nil) {
        self.method = method; self.blockSizes = blockSizes; self.minimization = minimization
    }
}

/// A block size (total participants per block, over all arms) and the probability of drawing it.
public struct BlockSize: Sendable, Equatable, Codable {
    public var size: Int
    public var probability: Double
    public init(size: Int, probability: Double) { self.size = size; self.probability = probability }
}

/// Pocock & Simon (1975) minimization over the stratification factors.
public struct MinimizationSettings: Sendable, Equatable, Codable {
    /// How imbalance across arms is measured for one factor level.
    public enum Measure: String, Sendable, Codable, CaseIterable {
        case range, variance
        case standardDeviation = "standard-deviation"
    }
    /// Probability of assigning the arm that minimizes total imbalance (e.g. 0.8), in [1/arms, 1].
    public var probability: Double
    public var measure: Measure
    /// One positive weight per stratification factor, in the protocol's factor order.
    public var weights: [Double]
    public init(probability: Double, measure: Measure, weights: [Double]) {
        self.probability = probability; self.measure = measure; self.weights = weights
    }
}

/// A scheduled visit: its nominal day relative to randomization and its window in days.
public struct Visit: Sendable, Equatable, Codable {
    public var name: String
    public var label: String
    /// Nominal day after randomization (baseline = 0).
    public var day: Int
    /// Allowed deviation before the nominal day.
    public var windowBefore: Int
    /// Allowed deviation after the nominal day.
    public var windowAfter: Int
    /// Names of the forms collected at this visit.
    public var forms: [String]
    public init(name: String, label: String, day: Int, windowBefore: Int, windowAfter: Int,
                forms: [String]) {
        self.name = name; self.label = label; self.day = day
        self.windowBefore = windowBefore; self.windowAfter = windowAfter; self.forms = forms
    }
    /// First and last day (relative to randomization) on which the visit counts as on time.
    public var window: ClosedRange<Int> { (day - windowBefore)...(day + windowAfter) }
}
