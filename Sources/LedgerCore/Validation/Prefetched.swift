import Foundation

/// Iterates `base` on a background thread, a few batches ahead of the consumer.
///
/// An append spends about a third of its time reading lines: parsing JSON, checking fields, encoding the
/// data canonically. None of that depends on the ledger, so it runs on a second core while the first
/// validates against the rule state and writes to SQLite. At most `depth` batches of `batchSize`
/// elements wait at any time, so a file of any size is still streamed in bounded memory.
///
/// The base sequence is handed over to the producer thread and never touched by the caller again; the
/// iterator waits for that thread to stop (and stops it early if the consumer stops early) before it goes
/// away, so whatever the base reads from (a file descriptor) outlives its use.
public struct Prefetched<Base: Sequence>: Sequence where Base.Element: Sendable {
    private let base: Base
    private let batchSize: Int
    private let depth: Int

    public init(_ base: Base, batchSize: Int = 512, depth: Int = 4) {
        precondition(batchSize > 0 && depth > 0, "a prefetch holds at least one element")
        self.base = base
        self.batchSize = batchSize
        self.depth = depth
    }

    public func makeIterator() -> Iterator {
        Iterator(base: base, batchSize: batchSize, depth: depth)
    }

    public final class Iterator: IteratorProtocol {
        private let channel: BatchChannel<Base.Element>
        private var batch: [Base.Element] = []
        private var index = 0

        init(base: Base, batchSize: Int, depth: Int) {
            let channel = BatchChannel<Base.Element>(depth: depth)
            self.channel = channel
            let producer = Producer(base: base, channel: channel, batchSize: batchSize)
            let work = ProducerWork(body: producer.run)
            let thread = Thread { work.body() }
            thread.name = "planledger.prefetch"
            thread.start()
        }

        public func next() -> Base.Element? {
            if index == batch.count {
                guard let received = channel.receive() else { return nil }
                batch = received
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }

        deinit {
            channel.cancel()
            channel.waitUntilClosed()
        }
    }
}

/// The producer's `run`, type-erased so that the thread's closure captures nothing generic.
private struct ProducerWork: @unchecked Sendable {
    let body: () -> Void
}

/// The producer thread's work. Unchecked Sendable: `base` is handed over whole and only this thread uses it.
private final class Producer<Base: Sequence>: @unchecked Sendable where Base.Element: Sendable {
    private let base: Base
    private let channel: BatchChannel<Base.Element>
    private let batchSize: Int

    init(base: Base, channel: BatchChannel<Base.Element>, batchSize: Int) {
        self.base = base
        self.channel = channel
        self.batchSize = batchSize
    }

    func run() {
        var iterator = base.makeIterator()
        var pending: [Base.Element] = []
        pending.reserveCapacity(batchSize)
        while let element = iterator.next() {
            pending.append(element)
            if pending.count == batchSize {
                guard channel.send(pending) else { break }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { _ = channel.send(pending) }
        channel.close()
    }
}

/// A bounded queue of batches between one producer and one consumer, guarded by one condition variable.
private final class BatchChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [[Element]] = []
    private let depth: Int
    private var closed = false
    private var cancelled = false

    init(depth: Int) { self.depth = depth }

    /// Waits for room; false when the consumer has gone, so the producer stops.
    func send(_ batch: [Element]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    /// The next batch, or nil once the producer has closed and everything was taken.
    func receive() -> [Element]? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed { condition.wait() }
        if queue.isEmpty { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilClosed() {
        condition.lock()
        while !closed { condition.wait() }
        condition.unlock()
    }
}
