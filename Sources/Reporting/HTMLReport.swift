import Mustache

/// Renders a ``ReportDocument`` as one self-contained HTML page: inline CSS, inline SVG figures,
/// no scripts and no external resources, so it opens offline and can be archived with the trial.
///
/// ```swift
/// let document = ReportDocument(title: ..., armNames: ["PEER", "SAU"], consort: flow, ...)
/// let html = try HTMLReport.render(document)   // then write it with the CLI's OutputFile
/// ```
///
/// Sections, in page order and with their element ids: `primary-result` (with `primary-table`),
/// `consort` (`consort-diagram`), `baseline` (`baseline-table`), `outcomes` (`outcomes-table`),
/// `trajectory` (`trajectory-plot`), `forest` (`forest-plot`), `missingness` (`missingness-table`),
/// `model` (`model-details`, `model-table`), `software` (`software-table`). A section whose input
/// is empty (no trajectory, no outcomes, ...) is left out.
public enum HTMLReport {
    /// The complete HTML page for `document`.
    ///
    /// - Throws: ``ReportError`` naming the field when the document is inconsistent (a per-arm array
    ///   of the wrong length, a NaN estimate, ...).
    public static func render(_ document: ReportDocument) throws(ReportError) -> String {
        try document.validate()
        let library = try templates()
        guard let page = library.render(PageView(document), withTemplate: "page") else {
            throw .template(name: "page", message: "not registered")
        }
        return page
    }

    /// The page and its partials (the figures), parsed from ``ReportTemplates``.
    static func templates() throws(ReportError) -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in ReportTemplates.all {
            do {
                try library.register(text, named: name)
            } catch {
                throw .template(name: name, message: "\(error)")
            }
        }
        return library
    }
}
