import ArgumentParser
import TrialCore

extension Role: ExpressibleByArgument {}
