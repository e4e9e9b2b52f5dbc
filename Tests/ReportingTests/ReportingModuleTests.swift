import Testing
@testable import Reporting

@Suite struct ReportingModuleTests {
    @Test func moduleLinks() { #expect(String(describing: ReportingModule.self).hasSuffix("Module")) }
}
