import Foundation
import Testing
import TestSupport

/// The demo's story is checked against a golden file so that it never silently breaks.
/// The test never writes the golden file: after a deliberate change, read the diff it prints the command for
/// and copy the new output over Golden/demo.txt yourself, in the same commit as the change.
struct DemoTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/demo.txt")

    @Test func demoTellsTheSameStory() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], environment: [
            "PLANLEDGER_NOW": "2026-11-25T12:00:00Z", "COLUMNS": "120", "TZ": "Europe/Stockholm",
        ], directory: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        if r.stdout != expected {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-demo-actual.txt")
            try? Data(r.stdout.utf8).write(to: actual)
            Issue.record("the demo's output differs from Golden/demo.txt; see `diff \(Self.golden.path) \(actual.path)`, and if the change is meant, `cp \(actual.path) \(Self.golden.path)`")
        }
        // The demo leaves a ledger that verifies and refuses to be built twice.
        #expect(try CommandRunner.run(["verify", "--ledger", dir.path("demo.sqlite")]).status == 0)
        #expect(try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], directory: dir.url).status == 73)
    }
}
