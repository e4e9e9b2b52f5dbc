/// The columns of the long analysis data set (one row per randomized participant and visit
/// after baseline), shared by the protocol check, `trialkit export long` and `trialkit analyze`
/// so that a plan's formula is written in the names of the file `export long` writes:
///
/// `participant_id, arm, <stratification factors…>, visit, <score>, <score>_baseline`
///
/// `<score>` is the score's value at the row's visit and `<score>_baseline` its value at the
/// baseline visit (empty when missing). Several scores add one pair of columns each.
public enum LongLayout {
    public static let participant = "participant_id"
    public static let arm = "arm"
    public static let visit = "visit"

    /// The column holding `score` at baseline.
    public static func baselineColumn(_ score: String) -> String { score + "_baseline" }

    /// Every column a formula for `score` may name.
    public static func columns(score: String, strata: [String]) -> [String] {
        [participant, arm] + strata + [visit, score, baselineColumn(score)]
    }
}
