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
public struct Prefetched<Element: Sendable>: Sequence {
    private let produce: (_ yield: (Element) -> Bool) -> Void
    private let batchSize: Int
    private let depth: Int

    /// Iterates `base` on the producer thread.
    public init<Base: Sequence>(_ base: Base, batchSize: Int = 512, depth: Int = 4) where Base.Element == Element {
        self.init(batchSize: batchSize, depth: depth) { yield in
            var iterator = base.makeIterator()
            while let element = iterator.next() {
                guard yield(element) else { return }
            }
        }
    }

    /// Runs `produce` on the producer thread; it hands over each element with `yield`, and stops when `yield`
    /// returns false (the consumer has gone). For sources that push rather than iterate, such as a read
    /// transaction on another connection.
    public init(batchSize: Int = 512, depth: Int = 4, produce: @escaping (_ yield: (Element) -> Bool) -> Void) {
        precondition(batchSize > 0 && depth > 0, "a prefetch holds at least one element")
        self.produce = produce
        self.batchSize = batchSize
        self.depth = depth
    }

    public func makeIterator() -> Iterator {
        Iterator(produce: produce, batchSize: batchSize, depth: depth)
    }

    public final class Iterator: IteratorProtocol {
        private let channel: BatchChannel<Element>
        private var batch: [Element] = []
        private var index = 0

        init(produce: @escaping (_ yield: (Element) -> Bool) -> Void, batchSize: Int, depth: Int) {
            let channel = BatchChannel<Element>(depth: depth)
            self.channel = channel
            let work = ProducerWork {
                var pending: [Element] = []
                pending.reserveCapacity(batchSize)
                var open = true
                produce { element in
                    guard open else { return false }
                    pending.append(element)
                    if pending.count == batchSize {
                        open = channel.send(pending)
                        pending.removeAll(keepingCapacity: true)
                    }
                    return open
                }
                if open, !pending.isEmpty { _ = channel.send(pending) }
                channel.close()
            }
            let thread = Thread { work.body() }
            thread.name = "planledger.prefetch"
            thread.start()
        }

        public func next() -> Element? {
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

/// The producer thread's work, type-erased so that the thread's closure captures nothing generic. Unchecked
/// Sendable: what it captures (the base sequence, the producing closure) is handed over whole and used only
/// by that thread.
private struct ProducerWork: @unchecked Sendable {
    let body: () -> Void
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
