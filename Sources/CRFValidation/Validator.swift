import TrialCore
