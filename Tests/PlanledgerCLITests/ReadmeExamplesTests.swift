import Foundation
import Testing
import TestSupport

/// Every `planledger` example in README.md runs as written, in order, with the built binary (issue 13).
///
/// The convention, which README.md follows: an HTML comment `<!-- examples: KIND -->` starts a *session*, and every
/// ```` ```sh ```` block and every table after it, up to the next marker, belongs to that session and runs in
/// document order in one working folder:
/// - `fresh`: an empty folder (the tour starts with `planledger init`);
/// - `demo`: a folder holding `planledger.sqlite`, the ledger `planledger demo --ledger planledger.sqlite` leaves
///   (made once per test run and copied into each demo session), so that commands without `--ledger` use it;
/// - `none`: blocks that are not run (building, testing, benchmarking the package); a line of them that starts
///   with `planledger` is an error, so `none` cannot hide an example.
///
/// An example is a statement of a `sh` block (comment and blank lines skipped, `\` continuation lines joined) or a
/// backticked span starting with `planledger ` in a table cell (`\|` read as `|`). A `sh` block outside any session
/// is an error. Each example runs by itself as `/bin/sh -c` with the session's earlier `export` lines before it and
/// the built `planledger` first on `PATH`, so pipes and redirects behave as in a reader's shell. It must exit 0, or N
/// when its line says so: `# exit N` in a `sh` comment, `(exit N)` after the span in a table cell.
struct ReadmeExamplesTests {
    static let readme = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    @Test func everyExampleRunsAsWritten() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let parsed = ReadmeExamples(markdown: text)
        #expect(parsed.problems.isEmpty, "README.md's example markers:\n\(parsed.problems.joined(separator: "\n"))")
        // The README has a tour, the Commands tables and the auditor's workflow: far more than this many examples.
        #expect(parsed.sessions.flatMap(\.examples).count >= 30, "the extractor found too few examples in README.md")

        let work = try TemporaryDirectory()
        let bin = work.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: bin.appendingPathComponent("planledger"), withDestinationURL: CommandRunner.executable)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")

        var demoLedger: URL?
        var failures: [String] = []
        for (index, session) in parsed.sessions.enumerated() where session.kind != .skipped {
            let folder = work.url.appendingPathComponent("session-\(index + 1)-line-\(session.line)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if session.kind == .demo {
                if demoLedger == nil { demoLedger = try Self.makeDemoLedger(in: work.url, path: path) }
                try FileManager.default.copyItem(at: try #require(demoLedger), to: folder.appendingPathComponent("planledger.sqlite"))
            }
            var exports: [String] = []
            var failed = false
            for example in session.examples {
                let script = (exports + [example.command]).joined(separator: "\n")
                let r = try CommandRunner.runShell(script, environment: ["PATH": path], directory: folder)
                if r.status != example.expectedStatus {
                    // Later examples of a session often fail only because an earlier one did: say which came first.
                    failures.append(Self.describe(example, session: session, result: r, first: !failed))
                    failed = true
                }
                if example.command.hasPrefix("export ") { exports.append(example.command) }
            }
        }
        if !failures.isEmpty {
            Issue.record("""
                \(failures.count) README.md example(s) failed (each ran as `sh -c` in its session's folder, after the session's earlier ones):

                \(failures.joined(separator: "\n\n"))
                """)
        }
    }

    /// Runs `planledger demo --ledger planledger.sqlite` once in its own folder and returns the ledger it leaves.
    static func makeDemoLedger(in work: URL, path: String) throws -> URL {
        let folder = work.appendingPathComponent("demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let r = try CommandRunner.runShell("planledger demo --ledger planledger.sqlite", environment: ["PATH": path], directory: folder)
        try #require(r.status == 0, "planledger demo --ledger planledger.sqlite exited \(r.status): \(r.stderr)")
        return folder.appendingPathComponent("planledger.sqlite")
    }

    static func describe(_ example: ReadmeExamples.Example, session: ReadmeExamples.Session, result r: CommandResult, first: Bool) -> String {
        func tail(_ s: String) -> String {
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map { "    | " + $0 }
            return lines.count <= 12 ? lines.joined(separator: "\n") : (lines.prefix(12) + ["    | … (\(lines.count - 12) more lines)"]).joined(separator: "\n")
        }
        var s = "README.md:\(example.line) [\(session.kind.rawValue) session of line \(session.line)]: exit \(r.status), expected \(example.expectedStatus)\(first ? " (the session's first failure)" : "")\n  $ \(example.command)"
        let stderr = r.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        s += stderr.isEmpty ? "\n  (no stderr)" : "\n  stderr:\n" + tail(stderr)
        if stderr.isEmpty, !r.stdout.isEmpty { s += "\n  stdout:\n" + tail(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return s
    }

    // MARK: - The extractor, on Markdown written for it

    @Test func extractsStatementsJoinsContinuationsAndReadsExitCodes() {
        let parsed = ReadmeExamples(markdown: """
            # Title
            <!-- examples: fresh -->
            ```sh
            export PLANLEDGER_LEDGER=region.sqlite
            # a comment line
            planledger register a --title "A" \\
                --kind rutin
            planledger init        # exit 73

            planledger export | head -3
            ```
            | command | example |
            |---|---|
            | `append [FILE \\| -]` | `planledger append x.jsonl` — all or none |
            | `show` | `planledger show a \\| head -1` (`--version`) then (exit 66) |
            | `init` | `planledger init --ledger r.sqlite` — never overwrites: `planledger init --ledger r.sqlite` (exit 73) |
            """)
        #expect(parsed.problems == [])
        #expect(parsed.sessions.count == 1)
        let examples = parsed.sessions.first?.examples ?? []
        #expect(examples.map(\.line) == [4, 6, 8, 10, 14, 15, 16, 16])
        #expect(examples.map(\.command) == [
            "export PLANLEDGER_LEDGER=region.sqlite",
            "planledger register a --title \"A\" \\\n    --kind rutin",
            "planledger init        # exit 73",
            "planledger export | head -3",
            "planledger append x.jsonl",
            "planledger show a | head -1",
            "planledger init --ledger r.sqlite",
            "planledger init --ledger r.sqlite",
        ])
        #expect(examples.map(\.expectedStatus) == [0, 0, 73, 0, 0, 66, 0, 73])
    }

    @Test func sessionsSplitAtMarkersAndOtherFencesAreIgnored() {
        let parsed = ReadmeExamples(markdown: """
            <!-- examples: none (builds the package) -->
            ```sh
            swift run planledger demo
            ```
            ```json
            | `planledger not-an-example` |
            ```
            <!-- examples: demo -->
              ```sql
              SELECT 1;
              ```
            ```sh
            planledger plans
            ```
            """)
        #expect(parsed.problems == [])
        #expect(parsed.sessions.map(\.kind) == [.skipped, .demo])
        #expect(parsed.sessions.map(\.line) == [1, 8])
        #expect(parsed.sessions.map { $0.examples.map(\.command) } == [[], ["planledger plans"]])
    }

    @Test func reportsExamplesThatNoMarkerCovers() {
        let parsed = ReadmeExamples(markdown: """
            ```sh
            planledger init
            ```
            | `x` | `planledger plans` |
            <!-- examples: none -->
            ```sh
            planledger verify
            ```
            <!-- examples: elsewhere -->
            """)
        #expect(parsed.problems == [
            "README.md:1: a ```sh block before any `<!-- examples: fresh|demo|none -->` marker",
            "README.md:4: a table example before any `<!-- examples: fresh|demo|none -->` marker: planledger plans",
            "README.md:7: a planledger example in a session marked `none` (line 5): planledger verify",
            "README.md:9: unknown examples marker `elsewhere` (expected fresh, demo or none)",
        ])
    }
}

/// The runnable examples of a Markdown document, grouped in sessions by `<!-- examples: KIND -->` markers (see
/// `ReadmeExamplesTests` for the convention), with the problems found in the markup.
struct ReadmeExamples {
    /// What a session runs on.
    enum Kind: String, Equatable {
        case fresh, demo
        /// Marked `none`: not run.
        case skipped = "none"
    }

    /// One command as written, with its 1-based line in the document and the exit status it should have.
    struct Example: Equatable {
        var line: Int
        var command: String
        var expectedStatus: Int32
    }

    /// The examples from one marker up to the next, run in order in one folder.
    struct Session {
        var kind: Kind
        var line: Int
        var examples: [Example] = []
    }

    private(set) var sessions: [Session] = []
    /// One line per problem, `README.md:LINE: …`.
    private(set) var problems: [String] = []

    init(markdown: String) {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fence: (language: String, line: Int)?
        var pending: (line: Int, text: String)?   // a sh statement continued with `\`
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                if fence == nil {
                    fence = (String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces), number)
                    if fence?.language == "sh", sessions.isEmpty {
                        problems.append("README.md:\(number): a ```sh block before any `<!-- examples: fresh|demo|none -->` marker")
                    }
                } else {
                    fence = nil
                    pending = nil
                }
                continue
            }
            if let open = fence {
                guard open.language == "sh", !sessions.isEmpty else { continue }
                if var statement = pending {
                    statement.text += "\n" + raw
                    pending = raw.hasSuffix("\\") ? statement : nil
                    if pending == nil { add(statement.text, line: statement.line, expected: Self.shellExit(statement.text)) }
                } else if !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                    if raw.hasSuffix("\\") { pending = (number, trimmed) } else { add(trimmed, line: number, expected: Self.shellExit(trimmed)) }
                }
                continue
            }
            if trimmed.hasPrefix("<!-- examples:") {
                let word = trimmed.dropFirst("<!-- examples:".count).split(whereSeparator: { $0 == " " || $0 == "-" }).first.map(String.init) ?? ""
                if let kind = Kind(rawValue: word) {
                    sessions.append(Session(kind: kind, line: number))
                } else {
                    problems.append("README.md:\(number): unknown examples marker `\(word)` (expected fresh, demo or none)")
                }
                continue
            }
            if trimmed.hasPrefix("|") {
                for (command, after) in Self.tableExamples(trimmed) {
                    guard !sessions.isEmpty else {
                        problems.append("README.md:\(number): a table example before any `<!-- examples: fresh|demo|none -->` marker: \(command)")
                        continue
                    }
                    add(command, line: number, expected: Self.exitCode(in: after, prefix: "(exit "))
                }
            }
        }
    }

    private mutating func add(_ command: String, line: Int, expected: Int32) {
        guard let index = sessions.indices.last else { return }
        if sessions[index].kind == .skipped {
            if command.hasPrefix("planledger") {
                problems.append("README.md:\(line): a planledger example in a session marked `none` (line \(sessions[index].line)): \(command)")
            }
            return
        }
        sessions[index].examples.append(Example(line: line, command: command, expectedStatus: expected))
    }

    /// The backticked spans of a table row that start with `planledger `, each with its cell's prose after it.
    static func tableExamples(_ row: String) -> [(command: String, after: String)] {
        // Split into cells at `|` not escaped as `\|`, then find the code spans in each.
        var cells: [String] = [], cell = "", previous: Character = " "
        for c in row {
            if c == "|", previous != "\\" { cells.append(cell); cell = "" } else { cell.append(c) }
            previous = c
        }
        cells.append(cell)
        var found: [(String, String)] = []
        for cell in cells {
            let parts = cell.split(separator: "`", omittingEmptySubsequences: false).map(String.init)
            // Odd indices are inside backticks.
            for i in stride(from: 1, to: parts.count, by: 2) where parts[i].hasPrefix("planledger ") {
                let command = parts[i].replacingOccurrences(of: "\\|", with: "|")
                // The cell's prose after the span, up to the next example in it (other code spans left out).
                var after = ""
                for j in (i + 1)..<parts.count {
                    if j % 2 == 0 { after += parts[j] } else if parts[j].hasPrefix("planledger ") { break }
                }
                found.append((command, after))
            }
        }
        return found
    }

    /// The status a `sh` statement's trailing comment asks for (`# exit 73`), else 0.
    static func shellExit(_ statement: String) -> Int32 {
        guard let hash = statement.range(of: " #", options: .backwards) else { return 0 }
        return exitCode(in: String(statement[hash.upperBound...]), prefix: "exit ")
    }

    static func exitCode(in text: String, prefix: String) -> Int32 {
        guard let start = text.range(of: prefix) else { return 0 }
        let digits = text[start.upperBound...].prefix(while: \.isNumber)
        return Int32(digits) ?? 0
    }
}
