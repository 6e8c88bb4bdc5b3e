import Testing
@testable import TinyTransformer
