import ArgumentParser

/// `trialkit crf ...`: validate, import, enter and compare case report form data.
struct CRFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crf",
        abstract: "Validate, import, enter and compare case report form (CRF) data.",
        discussion: """
            A CRF data file is CSV with the columns participant_id, visit, visit_date and the \
            form's fields. `validate` reports every issue and writes nothing; `import` validates \
            first and stores the whole file in one transaction only when no issue is an error.
            """,
        subcommands: [CRFValidate.self, CRFImport.self, CRFEnter.self, CRFCompare.self, CRFImportDictionary.self])
}
