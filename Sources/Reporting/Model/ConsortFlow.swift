/// Participant flow through the trial, as drawn in the CONSORT 2010 flow diagram
/// (Schulz, Altman, Moher; BMJ 2010;340:c332, Figure 1): enrolment, allocation, follow-up, analysis.
public struct ConsortFlow: Sendable, Equatable {
    /// Persons assessed for eligibility, or nil when the trial did not record screening.
    public var assessed: Int?
    /// Persons excluded before randomization (not eligible, declined, ...), or nil when unknown.
    /// Drawn only when `assessed` is known.
    public var excludedAtScreening: Int?
    /// Participants randomized.
    public var randomized: Int
    /// One entry per arm, in the order of ``ReportDocument/armNames``.
    public var arms: [Arm]

    public init(assessed: Int?, excludedAtScreening: Int?, randomized: Int, arms: [Arm]) {
        self.assessed = assessed
        self.excludedAtScreening = excludedAtScreening
        self.randomized = randomized
        self.arms = arms
    }

    /// The flow within one arm.
    public struct Arm: Sendable, Equatable {
        /// Participants allocated to the arm.
        public var allocated: Int
        /// Participants with data at each post-randomization visit, in visit order.
        public var visits: [VisitCount]
        /// Participants included in the analysis of the primary outcome.
        public var analysed: Int

        public init(allocated: Int, visits: [VisitCount], analysed: Int) {
            self.allocated = allocated
            self.visits = visits
            self.analysed = analysed
        }
    }

    /// How many participants of an arm have data at a visit.
    public struct VisitCount: Sendable, Equatable {
        /// The visit's label, e.g. "Week 12".
        public var visit: String
        /// Participants with a value of the primary outcome at this visit.
        public var withData: Int

        public init(visit: String, withData: Int) {
            self.visit = visit
            self.withData = withData
        }
    }
}
