import Foundation
import Testing
import TestSupport

/// The demo as a new user meets it: a temporary ledger is removed when the tour ends (before, every run left a
/// /tmp/planledger-demo-*.sqlite), an existing --ledger is refused in the demo's own words, and the tour's last
/// section says how to get planledger onto the PATH.
struct DemoPromiseTests {
    let dir: TemporaryDirectory

    init() throws { dir = try TemporaryDirectory() }

    /// `demo --ledger` of an existing file says what demo does, not what init does.
    @Test func demoOnAnExistingFileSaysItIsTheDemo() throws {
        let existing = dir.path("existing.sqlite")
        try Data("x".utf8).write(to: URL(fileURLWithPath: existing))
        let r = try CommandRunner.run(["demo", "--ledger", existing])
        #expect(r.status == 73)
        #expect(r.stderr.contains("demo builds a new ledger and never overwrites a file"), "\(r.stderr)")
        #expect(!r.stderr.contains("init"), "\(r.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "x")
    }

    /// `demo` without --ledger removes its temporary ledger (and its WAL files); with --ledger it keeps it.
    @Test func demoRemovesItsTemporaryLedger() throws {
        let tmp = try TemporaryDirectory()
        let r = try CommandRunner.run(["demo"], environment: ["TMPDIR": tmp.url.path, "PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(temporary: removed when the tour ends)"))
        #expect(r.stdout.contains("planledger demo --ledger demo.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.url.path) == [])
    }

    /// The tour's last section says how to get planledger onto the PATH, since `swift run` does not.
    @Test func tryItYourselfSaysHowToRunPlanledger() throws {
        let r = try CommandRunner.run(["demo", "--ledger", dir.path("kept.sqlite")], environment: ["PLANLEDGER_NOW": "2026-11-25T12:00:00Z"])
        let tail = try #require(r.stdout.components(separatedBy: "── Try it yourself ──").last)
        #expect(tail.contains("\nswift build -c release\n"))
        #expect(tail.contains("\ninstall -m 755 .build/release/planledger /usr/local/bin/"))
        #expect(tail.contains("\nexport PLANLEDGER_LEDGER=\(dir.path("kept.sqlite"))\n"))
    }
}
