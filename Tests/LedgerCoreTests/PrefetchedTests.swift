import Foundation
import Synchronization
import Testing

@testable import LedgerCore

/// The background reader an append uses: same elements, same order, bounded, and stoppable.
struct PrefetchedTests {
    @Test(arguments: [0, 1, 511, 512, 513, 10_000])
    func yieldsEveryElementInOrder(count: Int) {
        let prefetched = Prefetched(0..<count, batchSize: 512, depth: 2)
        #expect(Array(prefetched) == Array(0..<count))
    }

    /// A consumer that stops early (an append over its problem limit) stops the producer, which must not read on.
    @Test func stoppingEarlyStopsTheProducer() {
        let produced = Atomic<Int>(0)
        let counting = (0..<1_000_000).lazy.map { n -> Int in
            produced.add(1, ordering: .relaxed)
            return n
        }
        do {
            let iterator = Prefetched(counting, batchSize: 10, depth: 3).makeIterator()
            for expected in 0..<25 { #expect(iterator.next() == expected) }
        }
        // The iterator is gone and its thread has stopped: no more than the batches that fit were read.
        let stopped = produced.load(ordering: .relaxed)
        #expect(stopped <= 25 + 10 * 5)
        #expect(produced.load(ordering: .relaxed) == stopped)
    }

    /// Bounded memory: the producer is never more than `depth` batches (plus the one it fills) ahead.
    @Test func theProducerWaitsForTheConsumer() throws {
        let produced = Atomic<Int>(0)
        let counting = (0..<100_000).lazy.map { n -> Int in
            produced.add(1, ordering: .relaxed)
            return n
        }
        let iterator = Prefetched(counting, batchSize: 100, depth: 4).makeIterator()
        #expect(iterator.next() == 0)
        // Give the producer time to run ahead as far as it may.
        for _ in 0..<50 where produced.load(ordering: .relaxed) < 600 { usleep(2_000) }
        #expect(produced.load(ordering: .relaxed) <= 100 * 6)
    }
}
