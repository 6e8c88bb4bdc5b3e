import Foundation

/// Time as the fetcher sees it, injected so tests need not wait out politeness delays.
public struct FetchClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date
    /// Waits this many seconds (throws when the task is cancelled).
    public var sleep: @Sendable (_ seconds: Double) async throws -> Void

    public init(
        now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (_ seconds: Double) async throws -> Void
    ) {
        self.now = now
        self.sleep = sleep
    }

    /// The wall clock and `Task.sleep`.
    public static let live = FetchClock(
        now: { Date() },
        sleep: { seconds in
            guard seconds > 0 else { return }
            try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
        })
}
