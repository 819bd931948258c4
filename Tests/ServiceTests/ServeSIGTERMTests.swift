import Foundation
import LedgerCore
import LedgerStore
import Testing
import TestSupport

/// `planledger serve` as a real process, signed in through the ledger's own accounts: SIGTERM in the middle of a
/// burst of writes loses no acknowledged event. Every event that got a 200 is in the ledger after the process has
/// exited 0, exactly once; nothing that was refused or never answered is half there; the chain verifies.
@Suite struct ServeSIGTERMTests {
    @Test func sigtermDuringABurstLosesNoAcknowledgedEvent() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ledger.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", path]).status == 0)
        #expect(try CommandRunner.run(["accounts", "add", "kim", "--role", "registrar", "--ledger", path]).status == 0)
        let issued = try CommandRunner.run(["accounts", "token", "kim", "--ledger", path])
        #expect(issued.status == 0, "\(issued.stderr)")
        let token = issued.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // A client kept waiting behind a loaded machine is not idle: no connection is closed for that before SIGTERM.
        let server = try ServeProcess(["--ledger", path, "--idle-timeout", "86400"])
        defer { server.stop() }
        let http = LoopbackClient(port: server.port)
        let acknowledged = Shared<Set<String>>([])
        let signalled = Shared(false)
        let clientsLeft = Shared(8)
        /// What ended a client before SIGTERM was sent (a failure: nothing should).
        let gaveUp = Shared<[String]>([])
        // The clients on threads of their own: other tests block the cooperative pool's two threads on CI for minutes
        // at a time, and the requests would time out behind them.
        try await onOwnThreads {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<8 {
                    group.addTask {
                        defer { clientsLeft.withLock { $0 -= 1 } }
                        for i in 0..<10_000 {
                            let id = "k\(c)-\(i)"
                            let answer: (status: Int, body: String, eTag: String?)
                            do {
                                answer = try await http.post([diaryEvent(c * 100_000 + i, id: id)], bearer: token)
                            } catch {
                                // After SIGTERM the connection may close; before, nothing may fail.
                                if !signalled.withLock({ $0 }) { gaveUp.withLock { $0.append("\(id): \(error)") } }
                                return
                            }
                            if answer.status == 200 {
                                acknowledged.withLock { _ = $0.insert(id) }
                            } else if answer.status != 503 {
                                Issue.record("\(id): \(answer.status) \(answer.body)")
                                return
                            }
                        }
                    }
                }
                group.addTask {
                    // SIGTERM once writes are flowing (or every client has ended, which the expectations below report).
                    try await waitUntil("50 acknowledged appends", polling: .milliseconds(20)) {
                        acknowledged.withLock { $0.count } >= 50 || clientsLeft.withLock { $0 } == 0
                    }
                    signalled.withLock { $0 = true }
                    kill(server.process.processIdentifier, SIGTERM)
                }
                try await group.waitForAll()
            }
        }
        #expect(gaveUp.withLock { $0 }.isEmpty, "clients ended before SIGTERM: \(gaveUp.withLock { $0.prefix(8) })")
        let status = server.stop(waiting: 60)
        #expect(server.process.terminationReason == .exit && status == 0, "serve ended with \(status): \(server.stderr.suffix(500))")

        let ledger = try Ledger.openForReading(at: path)
        var ids: [String: Int] = [:]
        var seqs: [Int] = []
        var actors: Set<String?> = []
        try ledger.forEachEvent { event in
            ids[event.id, default: 0] += 1
            seqs.append(event.seq)
            actors.insert(event.actor)
        }
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 50)
        #expect(acked.filter { ids[$0] != 1 }.isEmpty, "acknowledged but not present exactly once")
        #expect(seqs == Array(1...seqs.count), "seq gapless")
        #expect(actors == ["kim"], "the actor is the signed-in account")
        let verify = try CommandRunner.run(["verify", "--ledger", path])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }
}
