import Testing
@testable import Analysis

@Suite struct AnalysisModuleTests {
    @Test func moduleLinks() { #expect(String(describing: AnalysisModule.self).hasSuffix("Module")) }
}
