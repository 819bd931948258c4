import Foundation
import LedgerCore
import LedgerStore
import Logging
import ServiceLifecycle
import Synchronization

/// The service's one writer (SPEC, "The service": "Writes go through one writer; concurrent requests are committed
/// together (group commit) but each keeps its own all-or-nothing").
///
/// `submit` queues a request and suspends until it is answered. Commits run one after another on the writer's own
/// serial queue (a thread outside Swift's cooperative pool, since a commit blocks on the disk): each commit takes
/// every request waiting at that moment, up to `maxGroup`, and appends them with `Ledger.appendGroup` — one
/// transaction, one savepoint per request, one durable commit. Requests arriving while a commit runs wait for the
/// next one, so the busier the server, the more requests share each sync of the disk. After the commit each
/// request's caller is resumed with its own outcome, and `HeadSignal.advance(to:)` tells the event stream.
///
/// The ledger is opened for writing (`Ledger.open`) on the first write, and again after a failed open; until it
/// opens, writes answer with the store's error (a read-only file: `.readOnly`). SQLite lets one connection write at a
/// time: another process appending to the same file (the CLI) makes the commit wait for the lock up to the ledger's
/// busy timeout (`$PLANLEDGER_BUSY_TIMEOUT` in `planledger serve`), then the group fails with `.busy`.
///
/// As a `Service` of the application's `ServiceGroup` it runs until graceful shutdown, which the group delivers to it
/// after the HTTP server has stopped and answered its requests in flight; it then refuses new requests
/// (`.stopped`), finishes the commits queued, closes the ledger, and returns.
public final class Writer: Service, Sendable {
    /// Why a request got no outcome from the ledger.
    public enum Failure: Error, Sendable {
        /// The whole group failed (the ledger could not be opened, the lock not obtained, a database error): nothing
        /// of this request was written.
        case store(StoreError)
        /// The server is shutting down and takes no new writes.
        case stopped
    }

    private struct Pending {
        var request: GroupRequest
        var continuation: CheckedContinuation<Result<GroupOutcome, Failure>, Never>
    }

    /// What the writer has done so far (for tests, metrics and the benchmark).
    public struct Statistics: Sendable, Hashable {
        /// Group commits tried (each one transaction), successful or not.
        public var commits = 0
        /// Requests those commits carried.
        public var requests = 0
        /// The most requests one commit carried.
        public var largestGroup = 0
        /// Requests queued now, waiting for a commit.
        public var waiting = 0
    }

    private struct State {
        var queue: [Pending] = []
        var statistics = Statistics()
        /// A drain is scheduled or running on `commits`.
        var draining = false
        var stopped = false
        var ledger: Ledger?
    }

    /// The most requests one commit takes; the rest wait for the next commit.
    public let maxGroup: Int
    private let open: @Sendable () throws -> Ledger
    /// Told the new head seq after each commit that appended anything (`buildRouter` sets the router's).
    let headSignal: Mutex<HeadSignal?>
    private let logger: Logger
    private let state = Mutex(State())
    private let commits = DispatchQueue(label: "planledger.writer")
    /// Signalled when a drain finds the queue empty, for `run` to close the ledger after the last commit.
    private let idle = Mutex<[CheckedContinuation<Void, Never>]>([])

    /// - Parameters:
    ///   - open: opens the ledger for writing (called on the writer's queue, on first use and after a failure).
    ///   - head: told the new head seq after each commit that appended anything.
    ///   - maxGroup: the most requests committed together (at least 1).
    public init(maxGroup: Int = 256, head: HeadSignal?, logger: Logger = Logger(label: "planledger.writer"),
                open: @escaping @Sendable () throws -> Ledger) {
        self.maxGroup = max(1, maxGroup)
        self.headSignal = Mutex(head)
        self.logger = logger
        self.open = open
    }

    /// What the writer has done so far.
    public var statistics: Statistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.waiting = state.queue.count
            return statistics
        }
    }

    /// Appends one request in the next group commit and returns its outcome once the commit is durable.
    public func submit(_ request: GroupRequest) async -> Result<GroupOutcome, Failure> {
        await withCheckedContinuation { continuation in
            let schedule = state.withLock { state -> Bool? in
                if state.stopped { return nil }
                state.queue.append(Pending(request: request, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            switch schedule {
            case nil: continuation.resume(returning: .failure(.stopped))
            case true?: commits.async { self.drain() }
            case false?: break
            }
        }
    }

    /// Commits groups until the queue is empty. Runs on `commits` only.
    private func drain() {
        while true {
            let (group, ledger) = state.withLock { state -> ([Pending], Ledger?) in
                let group = Array(state.queue.prefix(maxGroup))
                state.queue.removeFirst(group.count)
                if group.isEmpty { state.draining = false } else {
                    state.statistics.commits += 1
                    state.statistics.requests += group.count
                    state.statistics.largestGroup = max(state.statistics.largestGroup, group.count)
                }
                return (group, state.ledger)
            }
            if group.isEmpty {
                for waiter in idle.withLock({ waiters in defer { waiters = [] }; return waiters }) { waiter.resume() }
                return
            }
            commit(group, ledger)
        }
    }

    private func commit(_ group: [Pending], _ opened: Ledger?) {
        let outcomes: Result<[GroupOutcome], StoreError>
        do {
            let ledger = try opened ?? openLedger()
            outcomes = .success(try ledger.appendGroup(group.map(\.request)))
        } catch let error as StoreError {
            outcomes = .failure(error)
        } catch {
            outcomes = .failure(.database("\(error)"))
        }
        switch outcomes {
        case .success(let outcomes):
            // The commit is durable now (appendGroup returns after it): tell the stream first, then the callers.
            let appended = outcomes.compactMap { outcome -> Int? in
                if case .appended(let result) = outcome, result.appended > 0 { return result.head.seq }
                return nil
            }
            if let seq = appended.max() { headSignal.withLock { $0 }?.advance(to: seq) }
            logger.debug("group commit", metadata: ["requests": "\(group.count)", "head": "\(appended.max().map(String.init) ?? "-")"])
            for (pending, outcome) in zip(group, outcomes) { pending.continuation.resume(returning: .success(outcome)) }
        case .failure(let error):
            logger.error("group commit failed", metadata: ["requests": "\(group.count)", "error": "\(error)"])
            for pending in group { pending.continuation.resume(returning: .failure(.store(error))) }
        }
    }

    private func openLedger() throws -> Ledger {
        let ledger = try open()
        state.withLock { $0.ledger = ledger }
        return ledger
    }

    /// Waits for graceful shutdown, then refuses new requests, lets the queued ones commit, and closes the ledger.
    public func run() async throws {
        try? await gracefulShutdown()
        await stop()
    }

    /// Refuses new requests, waits until every queued request is committed and answered, and closes the ledger.
    public func stop() async {
        let busy = state.withLock { state -> Bool in
            state.stopped = true
            return state.draining
        }
        if busy {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                // The drain may have ended between the two locks: check again while holding `idle`'s.
                let resumeNow = idle.withLock { waiters -> Bool in
                    if !state.withLock({ $0.draining }) { return true }
                    waiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        let ledger = state.withLock { state in defer { state.ledger = nil }; return state.ledger }
        if let ledger {
            do { try ledger.close() } catch { logger.error("closing the ledger failed", metadata: ["error": "\(error)"]) }
        }
        logger.debug("writer stopped")
    }
}
