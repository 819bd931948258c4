import Foundation

/// A task executor with threads of its own, outside Swift's cooperative pool.
///
/// The cooperative pool has one thread per core (two on the CI machine), and many tests block theirs for seconds
/// while a `planledger` child process runs. An in-process server started by one test runs its handlers as tasks, and
/// when they wait behind blocked threads a client's read times out though nothing is wrong with the server. Under
/// `onOwnThreads` the test and every child task it starts (the server's services, its connections, their handlers:
/// all structured) run here instead, so other tests cannot starve them.
public final class OwnThreads: TaskExecutor, @unchecked Sendable {
    /// Eight threads: enough for the handlers of the few live servers running at once, which block briefly on SQLite.
    public static let shared = OwnThreads(threads: 8)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []

    init(threads: Int) {
        for index in 0..<threads {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "planledger-tests-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs `operation` (and the child tasks it starts) on `OwnThreads.shared`; see there why.
public func onOwnThreads<T>(_ operation: () async throws -> T) async rethrows -> T {
    try await withTaskExecutorPreference(OwnThreads.shared, operation: operation)
}

/// A condition a test waited for that did not come true in time.
public struct TimedOut: Error, CustomStringConvertible {
    public var description: String
}

/// Waits (polling every `interval`) until `condition` holds; throws `TimedOut` naming `what` after `limit`.
///
/// For a test that waits on other tasks' progress: a bare `while !condition { sleep }` spins for ever when that
/// progress stopped (say, every client gave up), and CI then times out instead of failing with a reason.
public func waitUntil(_ what: String, within limit: Duration = .seconds(300), polling interval: Duration = .milliseconds(5),
                      _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while !condition() {
        guard ContinuousClock.now < deadline else { throw TimedOut(description: "\(what): not so after \(limit)") }
        try await Task.sleep(for: interval)
    }
}
