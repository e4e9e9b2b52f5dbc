import Testing
@testable import CRFValidation
