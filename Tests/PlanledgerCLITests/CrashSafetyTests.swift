import Foundation
import LedgerCore
import Testing
import TestSupport

/// Crash safety, measured (issue 12): `planledger append` killed with SIGKILL at random points leaves a
/// ledger that verifies and holds each append whole or not at all.
@Suite(.serialized) struct CrashSafetyTests {
    /// `count` events for run `run`: a plan and its first version, then diary entries; every id is new.
    static func batch(run: Int, count: Int) -> String {
        var lines = [
            #"{"id":"r\#(run)-plan","type":"plan.registered","plan":"plan-\#(run)","effective":"2020-01-01","data":{"title":"Plan \#(run)","kind":"rutin","owner":"Kansliet"}}"#,
            #"{"id":"r\#(run)-v1","type":"plan.revised","plan":"plan-\#(run)","effective":"2020-01-02","data":{"version":1,"change":"Nyutgåva"}}"#,
        ]
        for i in 0..<count - 2 {
            lines.append(#"{"id":"r\#(run)-\#(i)","type":"diary.registered","effective":"2020-02-01","data":{"dnr":"RS/\#(run)-\#(i)/2020","title":"Skrivelse \#(i) i körning \#(run) – å ä ö","direction":"in","counterpart":"Anna Svensson"}}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The event count of a ledger that must verify: `planledger verify --format json` exit 0 and "ok".
    static func verifiedCount(_ ledger: String) throws -> Int {
        let r = try CommandRunner.run(["verify", "--ledger", ledger, "--format", "json"])
        #expect(r.status == 0, "verify after a kill: \(r.stdout) \(r.stderr)")
        guard case .object(let report) = try JSONParser.parse(r.stdout), case .bool(true) = report["ok"],
            case .number(let events) = report["events"]
        else {
            Issue.record("verify did not say ok: \(r.stdout)")
            return -1
        }
        return Int(events)
    }

    /// Starts `planledger append FILE`, kills it with SIGKILL after `delay` seconds unless it has ended, and
    /// says whether it was killed (true) or had finished (its exit status must then be 0).
    static func appendKilled(after delay: Double, file: String, ledger: String) throws -> Bool {
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["append", file, "--ledger", ledger, "--format", "json"]
        process.environment = ProcessInfo.processInfo.environment.merging(["PLANLEDGER_ACTOR": "registrator:test"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < deadline { usleep(1000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            #expect(process.terminationStatus == SIGKILL)
            return true
        }
        #expect(process.terminationStatus == 0, "append ended with \(process.terminationStatus)")
        return false
    }

    @Test func appendKilledAtRandomPointsLeavesEachAppendWholeOrAbsent() throws {
        let seed = ProcessInfo.processInfo.environment["PLANLEDGER_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        print("crash safety: seed \(seed) (set PLANLEDGER_CRASH_SEED=\(seed) to repeat the delays)")
        var random = SeededRandom(seed: seed)
        let dir = try TemporaryDirectory()
        let ledger = dir.path("ledger.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        let perRun = 1000, runs = 16

        // Run 0 is not killed: it gives the time T a whole append takes (start to exit); the kills fall in
        // 0.2 T … 1.1 T, from about when the transaction begins to just after the commit.
        try Data(Self.batch(run: 0, count: perRun).utf8).write(to: URL(fileURLWithPath: dir.path("0.jsonl")))
        let started = Date()
        #expect(try !Self.appendKilled(after: 120, file: dir.path("0.jsonl"), ledger: ledger))
        let whole = Date().timeIntervalSince(started)
        var count = try Self.verifiedCount(ledger)
        #expect(count == perRun)

        var killed = 0, keptWhole = 0, lostWhole = 0
        for run in 1...runs {
            let file = dir.path("\(run).jsonl")
            try Data(Self.batch(run: run, count: perRun).utf8).write(to: URL(fileURLWithPath: file))
            let delay = Double.random(in: (whole * 0.2)...(whole * 1.1), using: &random)
            let wasKilled = try Self.appendKilled(after: delay, file: file, ledger: ledger)
            let after = try Self.verifiedCount(ledger)
            #expect(after == count || after == count + perRun, "run \(run), killed \(wasKilled) after \(delay) s: \(count) → \(after) events")
            if wasKilled {
                killed += 1
                if after == count { lostWhole += 1 } else { keptWhole += 1 }
            } else {
                #expect(after == count + perRun, "run \(run) finished but its events are missing")
            }
            count = after
        }
        print("crash safety: \(runs) runs of \(perRun) events, a whole append \(String(format: "%.2f", whole)) s; \(killed) killed (\(lostWhole) left nothing, \(keptWhole) had committed), \(runs - killed) finished; \(count) events at the end")
        // The kills must land while appends run, or nothing was tested.
        #expect(killed >= runs / 4, "only \(killed) of \(runs) runs were killed while running")
    }
}
