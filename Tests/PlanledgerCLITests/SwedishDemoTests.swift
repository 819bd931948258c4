import Foundation
import Testing
import TestSupport

/// The demo's story as a Swedish registrar reads it (`LANG=sv_SE.UTF-8`), compared exactly with
/// Golden/demo.sv.txt. The test never writes its golden file: a deliberate change is made by hand (or by
/// running the demo as below and reading the diff before copying it).
struct SwedishDemoTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/demo.sv.txt")

    @Test func demoTellsTheStoryInSwedish() throws {
        let dir = try TemporaryDirectory()
        let r = try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], environment: [
            "PLANLEDGER_NOW": "2026-11-25T12:00:00Z", "COLUMNS": "120", "TZ": "Europe/Stockholm", "LANG": "sv_SE.UTF-8",
        ], directory: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        if r.stdout != expected {
            let actual = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-demo-sv-actual.txt")
            try? Data(r.stdout.utf8).write(to: actual)
            Issue.record("the Swedish demo differs from Golden/demo.sv.txt; see `diff \(actual.path) \(Self.golden.path)`")
        }
        // The story is Swedish, and none of the English is left in its own words.
        #expect(r.stdout.contains("── 1. Planerna som gäller i dag"))
        #expect(!r.stdout.contains("The plans in force today"))
        // A status word in English may appear only in a command a person types (`plans --status in-force`).
        let shown = r.stdout.split(separator: "\n").filter { !$0.hasPrefix("$ ") && !$0.hasPrefix("planledger ") }
        #expect(!shown.contains { $0.contains("in-force") })
    }

    @Test func englishUnlessTheLocaleIsSwedish() throws {
        for (env, swedish) in [(["LANG": "en_GB.UTF-8"], false), (["LC_ALL": "C", "LANG": "sv_SE.UTF-8"], false),
                               (["LC_ALL": "sv_SE.UTF-8", "LANG": "C"], true), (["LC_MESSAGES": "sv_SE.UTF-8"], true), ([:], false)] {
            let dir = try TemporaryDirectory()
            let r = try CommandRunner.run(["demo", "--ledger", "demo.sqlite"], environment: env.merging(["COLUMNS": "120"]) { $1 },
                                          directory: dir.url)
            #expect(r.status == 0)
            #expect(r.stdout.contains("Planerna som gäller i dag") == swedish, "\(env)")
            #expect(r.stdout.contains("The plans in force today") == !swedish, "\(env)")
        }
    }
}
