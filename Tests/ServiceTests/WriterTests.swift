import Foundation
import LedgerCore
import LedgerStore
import Service
import Testing
import TestSupport

/// The one writer on its own: requests that arrive while a commit runs are committed together in the next one, up to
/// `maxGroup`; each gets its own outcome; the head signal follows; a stopped writer takes nothing new.
@Suite struct WriterTests {
    static func request(_ n: Int, expectedHead: Int? = nil) -> GroupRequest {
        GroupRequest(lines: TemporaryLedger.lines(diaryEvent(n, id: "w-\(n)")), actor: "registrar:w", expectedHead: expectedHead)
    }

    /// Submits request 1, holds its commit at the ledger's opening, submits requests 2…`count` at once, releases the
    /// first commit once they are all queued, and returns the outcomes by request number.
    static func burst(_ writer: Writer, count: Int, gate: DispatchSemaphore) async throws -> [Int: Result<GroupOutcome, Writer.Failure>] {
        try await withThrowingTaskGroup(of: (Int, Result<GroupOutcome, Writer.Failure>).self) { group in
            // Not timing assertions: wait (however long it takes) for the writer to reach each state.
            group.addTask { (1, await writer.submit(request(1))) }
            // The gate is opened on every path: the group waits for its requests, which wait for the gate.
            do {
                try await waitUntil("the first request submitted", polling: .milliseconds(2)) { writer.statistics.requests >= 1 }
                for n in 2...count { group.addTask { (n, await writer.submit(request(n))) } }
                try await waitUntil("\(count - 1) requests waiting", polling: .milliseconds(2)) { writer.statistics.waiting >= count - 1 }
            } catch {
                gate.signal()
                throw error
            }
            gate.signal()
            var outcomes: [Int: Result<GroupOutcome, Writer.Failure>] = [:]
            for try await (n, outcome) in group { outcomes[n] = outcome }
            return outcomes
        }
    }

    @Test func requestsQueuedDuringACommitShareTheNext() async throws {
        let t = try TemporaryLedger()
        let gate = DispatchSemaphore(value: 0)
        let signal = HeadSignal()
        let heads = signal.subscribe()
        let writer = Writer(maxGroup: 64, head: signal) { gate.wait(); return t.ledger }
        let outcomes = try await Self.burst(writer, count: 50, gate: gate)
        var seqs: [Int] = []
        for n in 1...50 {
            guard case .success(.appended(let result))? = outcomes[n] else {
                Issue.record("request \(n): \(String(describing: outcomes[n]))")
                continue
            }
            seqs += result.seqs
        }
        #expect(seqs.sorted() == Array(1...50))
        let statistics = writer.statistics
        // The first commit took request 1 alone; the 49 that arrived while it ran went in ONE commit.
        #expect(statistics.commits == 2)
        #expect(statistics.requests == 50)
        #expect(statistics.largestGroup == 49)
        #expect(statistics.waiting == 0)
        var iterator = heads.makeAsyncIterator()
        #expect(await iterator.next() == 50)
        #expect(try t.ledger.verify().ok)
        await writer.stop()
    }

    @Test func aGroupTakesAtMostMaxGroup() async throws {
        let t = try TemporaryLedger()
        let gate = DispatchSemaphore(value: 0)
        let writer = Writer(maxGroup: 8, head: nil) { gate.wait(); return t.ledger }
        let outcomes = try await Self.burst(writer, count: 50, gate: gate)
        #expect(outcomes.values.allSatisfy { if case .success(.appended) = $0 { true } else { false } })
        let statistics = writer.statistics
        // Request 1 alone, then the 49 queued meanwhile in groups of at most 8: 6 × 8 + 1.
        #expect(statistics.largestGroup == 8)
        #expect(statistics.commits == 1 + 7)
        #expect(try t.ledger.head().seq == 50)
        await writer.stop()
    }

    @Test func aLedgerThatCannotBeOpenedFailsTheGroupAndIsRetried() async throws {
        let t = try TemporaryLedger()
        let attempts = Shared(0)
        let writer = Writer(head: nil) {
            if attempts.withLock({ n in n += 1; return n }) == 1 { throw StoreError.busy(path: t.path, seconds: 0) }
            return t.ledger
        }
        guard case .failure(.store(.busy)) = await writer.submit(Self.request(1)) else {
            Issue.record("the first write should fail with the open's error")
            return
        }
        guard case .success(.appended(let result)) = await writer.submit(Self.request(2)) else {
            Issue.record("the second write should open the ledger and append")
            return
        }
        #expect(result.seqs == [1])
        await writer.stop()
    }

    @Test func aStoppedWriterTakesNothingNew() async throws {
        let t = try TemporaryLedger()
        let writer = Writer(head: nil) { t.ledger }
        guard case .success(.appended) = await writer.submit(Self.request(1)) else {
            Issue.record("expected an append")
            return
        }
        await writer.stop()
        guard case .failure(.stopped) = await writer.submit(Self.request(2)) else {
            Issue.record("a stopped writer should refuse")
            return
        }
        // The writer closed the ledger: a fresh connection finds the one event.
        #expect(try Ledger.openForReading(at: t.path).head().seq == 1)
    }
}
