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

        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["serve", "--ledger", path, "--listen", "127.0.0.1:0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var said = ""
        while !said.contains("/api/v1\n") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += String(decoding: chunk, as: UTF8.self)
        }
        let port = try #require(said.split(separator: "http://127.0.0.1:").last.flatMap { Int($0.prefix { $0.isNumber }) }, "serve said: \(said)")
        // Drain the rest of standard error so that the server never blocks on a full pipe.
        let drained = Task.detached { _ = errors.fileHandleForReading.readDataToEndOfFile() }

        let http = LoopbackClient(port: port)
        let acknowledged = Shared<Set<String>>([])
        let started = Shared<Int>(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for c in 0..<8 {
                group.addTask {
                    for i in 0..<10_000 {
                        let id = "k\(c)-\(i)"
                        guard let answer = try? await http.post([diaryEvent(c * 100_000 + i, id: id)], bearer: token) else { return }
                        if answer.status == 200 {
                            acknowledged.withLock { _ = $0.insert(id) }
                            started.withLock { $0 += 1 }
                        } else if answer.status != 503 {
                            Issue.record("\(id): \(answer.status) \(answer.body)")
                            return
                        }
                    }
                }
            }
            group.addTask {
                // SIGTERM once writes are flowing.
                while started.withLock({ $0 }) < 50 { try await Task.sleep(for: .milliseconds(20)) }
                kill(process.processIdentifier, SIGTERM)
            }
            try await group.waitForAll()
        }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "serve still running 60 s after SIGTERM")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "serve ended with \(process.terminationStatus)")
        _ = await drained.value

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
