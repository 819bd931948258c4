import Foundation
import Testing
import TestSupport

/// The demo's story is checked against a golden file so that it never silently breaks.
/// Regenerate after a deliberate change with `PLANLEDGER_UPDATE_GOLDEN=1 swift test --filter DemoTests`.
struct DemoTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/demo.txt")

    @Test func demoTellsTheSameStory() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], environment: [
            "PLANLEDGER_NOW": "2026-11-25T12:00:00Z", "COLUMNS": "120", "TZ": "Europe/Stockholm",
        ], directory: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        if ProcessInfo.processInfo.environment["PLANLEDGER_UPDATE_GOLDEN"] == "1" {
            try Data(r.stdout.utf8).write(to: Self.golden)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        if r.stdout != expected {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-demo-actual.txt")
            try? Data(r.stdout.utf8).write(to: actual)
            Issue.record("the demo's output differs from Golden/demo.txt; see `diff \(actual.path) \(Self.golden.path)`")
        }
        // The demo leaves a ledger that verifies and refuses to be built twice.
        #expect(try CommandRunner.run(["verify", "--ledger", dir.path("demo.sqlite")]).status == 0)
        #expect(try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], directory: dir.url).status == 73)
    }
}
