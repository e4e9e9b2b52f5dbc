import ArgumentParser

/// `trialkit randomize ...`: with a participant ID, randomizes that participant (the hidden
/// default subcommand `assign`); otherwise one of the list subcommands.
struct RandomizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "randomize",
        abstract: "Randomize participants from sealed allocation lists, and manage the lists.",
        discussion: """
            trialkit randomize P001 --stratum municipality=Fredericia   (trial manager)
            randomizes one participant: the next slot of their stratum's list is taken in one \
            transaction with the participant's record and its audit event. `--from-csv FILE` \
            randomizes every row of a CSV file (columns participant_id and one per factor), each \
            in its own transaction. An ID that is also a subcommand name is randomized with \
            `trialkit randomize assign ID`.
            """,
        subcommands: [RandomizeAssign.self, RandomizeGenerate.self, RandomizeImport.self, RandomizeList.self,
                      RandomizeReport.self, RandomizeExport.self, RandomizeSimulate.self],
        defaultSubcommand: RandomizeAssign.self)
}
