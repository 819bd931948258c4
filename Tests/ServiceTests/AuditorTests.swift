import Foundation
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerStore
import Projections
import Service
import Testing
import TestSupport

/// The environment every CLI run here gets: the demo's clock.
let pinned = ["PLANLEDGER_NOW": "2024-06-30T10:00:00Z"]

/// `planledger args…` on `ledger`, its standard output; the run must succeed.
func planledger(_ args: [String], ledger: String) throws -> String {
    let result = try CommandRunner.run(args + ["--ledger", ledger], environment: pinned)
    #expect(result.status == 0, "\(args): \(result.stderr)")
    return result.stdout
}

/// A copy of the demo with signed checkpoints (SPEC, Integrity): `first` made on the demo as it is, then one decision
/// appended, then the latest, whose `checkpoint --format json` output is `latestJSON`.
let proven: (directory: TemporaryDirectory, path: String, vkey: String, first: String, second: String, latestJSON: String) = {
    let directory = try! TemporaryDirectory()
    let path = directory.path("proven.sqlite"), key = directory.path("region.key")
    func run(_ args: [String], stdin: String = "") -> String {
        let result = try! CommandRunner.run(args, stdin: Data(stdin.utf8), environment: pinned)
        precondition(result.status == 0, "planledger \(args) failed: \(result.stderr)")
        return result.stdout
    }
    _ = run(["demo", "--ledger", path])
    let vkey = run(["keygen", "--name", "region.example/planledger", "--out", key]).trimmingCharacters(in: .whitespacesAndNewlines)
    let first = run(["checkpoint", "--key", key, "--ledger", path])
    _ = run(["append", "-", "--ledger", path], stdin: #"{"type":"decision.recorded","effective":"2024-06-01","data":{"dnr":"RS/900/2024","body":"Regionstyrelsen","subject":"Granskning","text":"Revisorernas granskning mottagen"}}"#)
    let second = run(["checkpoint", "--key", key, "--ledger", path])
    let latestJSON = run(["checkpoint", "--key", key, "--ledger", path, "--format", "json"])
    return (directory, path, vkey, first, second, latestJSON)
}()

/// `text` as one query parameter value: every byte outside RFC 3986's unreserved set percent-encoded.
func queryValue(_ text: String) -> String {
    // Every byte outside the unreserved set percent-encoded, spaces as %20 (a test turns them into "+").
    text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"))!
}

/// The response body's bytes.
func bytes(_ response: TestResponse) -> [UInt8] { Array(response.body.readableBytesView) }

@Suite struct AuditorReadTests {
    /// Each auditor's endpoint on the demo beside the CLI command that answers the same question.
    static let sameAnswers: [(uri: String, cli: [String])] = [
        ("/api/v1/plans/rs-plan-2023/history", ["history", "rs-plan-2023"]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan/history", ["history", "rutin-overgripande-handlingsplan"]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan/history?asOf=2014-07-01", ["history", "rutin-overgripande-handlingsplan", "--as-of", "2014-07-01"]),
        ("/api/v1/plans/rutin-overgripande-handlingsplan/history?knownAt=2024-06-30", ["history", "rutin-overgripande-handlingsplan", "--known-at", "2024-06-30"]),
        ("/api/v1/audit?asOf=\(day)", ["audit", "--as-of", day]),
        ("/api/v1/audit?asOf=2016-01-01", ["audit", "--as-of", "2016-01-01"]),
        ("/api/v1/audit?asOf=\(day)&grace=0&lateAfter=0", ["audit", "--as-of", day, "--grace", "0", "--late-after", "0"]),
        ("/api/v1/audit?asOf=\(day)&grace=400&lateAfter=4000", ["audit", "--as-of", day, "--grace", "400", "--late-after", "4000"]),
        ("/api/v1/audit?asOf=\(day)&knownAt=2024-06-30T10:00:00Z", ["audit", "--as-of", day, "--known-at", "2024-06-30T10:00:00Z"]),
        ("/api/v1/verify", ["verify"]),
    ]

    @Test func bodiesAreTheCLIsJSON() async throws {
        let expected = try Self.sameAnswers.map { try cli($0.cli) }
        #expect(expected.allSatisfy { $0.count > 20 })
        // The parameters change the answer: the grace and late-after days, and the date.
        #expect(Set(expected[4...7]).count == 4)
        try await demoApplication().test(.router) { client in
            for ((uri, args), want) in zip(Self.sameAnswers, expected) {
                try await client.execute(uri: uri, method: .get, headers: authorization(.auditor)) { response in
                    #expect(response.status == .ok, "\(uri): \(text(response))")
                    #expect(response.headers[.contentType] == "application/json")
                    #expect(text(response) == want, "\(uri) differs from planledger \(args.joined(separator: " "))")
                }
            }
        }
    }

    /// `knownAt` on both sides of the rutin's version 2 (recorded without an approver, so an audit finding): one seq
    /// before it, the history lacks the revision and the audit its finding; at its seq, both have it. Each side's body
    /// is the CLI's.
    @Test func knownAtOnBothSidesOfARevision() async throws {
        let plan = "rutin-overgripande-handlingsplan"
        guard case .array(let trail) = try JSONParser.parse(try cli(["history", plan])),
              let revision = trail.first(where: { event in
                  guard case .object(let e) = event, e["type"] == .string("plan.revised"), case .object(let data)? = e["data"] else { return false }
                  return data["version"] == .number(2)
              }),
              case .object(let event) = revision, case .number(let seqValue)? = event["seq"]
        else {
            Issue.record("the demo has no version 2 of \(plan)")
            return
        }
        let seq = Int(seqValue)
        let bodies = try await demoApplication().test(.router) { client in
            var bodies: [Int: (history: String, audit: String)] = [:]
            for known in [seq - 1, seq] {
                let history = try await client.execute(uri: "/api/v1/plans/\(plan)/history?knownAt=\(known)", method: .get, headers: authorization(.auditor))
                let audit = try await client.execute(uri: "/api/v1/audit?asOf=\(day)&knownAt=\(known)", method: .get, headers: authorization(.registrar))
                #expect(text(history) == (try cli(["history", plan, "--known-at", String(known)])))
                #expect(text(audit) == (try cli(["audit", "--as-of", day, "--known-at", String(known)])))
                bodies[known] = (text(history), text(audit))
            }
            return bodies
        }
        let before = try #require(bodies[seq - 1]), after = try #require(bodies[seq])
        #expect(!before.history.contains("\"seq\": \(seq)"))
        #expect(after.history.contains("\"seq\": \(seq)"))
        #expect(!before.audit.contains("\"seq\": \(seq)"))
        #expect(after.audit.contains("\"seq\": \(seq)"))
    }

    /// The export is the CLI's JSON Lines, byte for byte, as `application/x-ndjson` with the head it goes up to.
    @Test func exportIsTheCLIsJSONLines() async throws {
        let want = try CommandRunner.run(["export", "--ledger", demo.path], environment: pinned)
        #expect(want.status == 0)
        let head = want.stdout.split(separator: "\n").count
        #expect(head > 20)
        try await demoApplication().test(.router) { client in
            try await client.execute(uri: "/api/v1/export", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                #expect(response.headers[.eTag] == "\"\(head)\"")
                #expect(bytes(response) == Array(want.stdout.utf8))
            }
        }
    }

    /// A ledger of 20,000 events exported over a real HTTP connection: streamed (no Content-Length: the body is
    /// written a piece at a time) and byte for byte the CLI's export, non-ASCII text included.
    @Test func largeExportIsStreamedAndEqualsTheCLIs() async throws {
        let ledger = try TemporaryLedger()
        let count = 20_000
        let lines = (1...count).map { n in
            #"{"type":"decision.recorded","effective":"2023-\#(String(format: "%02d", n % 12 + 1))-15","data":{"dnr":"RS/\#(n)/2023","body":"Regionstyrelsen","subject":"Ärende \#(n) — väg 🚌","text":"Beslut nr \#(n) om \#(n % 7 == 0 ? "tandvård" : "kollektivtrafik")"}}"#
        }
        try ledger.append(lines.joined(separator: "\n"))
        let want = try CommandRunner.run(["export", "--ledger", ledger.path], environment: pinned)
        #expect(want.status == 0, "\(want.stderr)")
        #expect(want.stdout.utf8.count > 1 << 20)
        try await demoApplication(path: ledger.path).testLive { client in
            try await client.execute(uri: "/api/v1/export", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == nil)
                #expect(response.headers[.eTag] == "\"\(count)\"")
                #expect(bytes(response) == Array(want.stdout.utf8))
            }
        }
    }

    /// The pieces of 1…head, read after more events were appended, are still the log at that head: what lets a
    /// stream read piece by piece give one snapshot's export. And the pieces through the new head are the whole log.
    @Test func exportPiecesKeepTheirHead() throws {
        let ledger = try TemporaryLedger()
        try ledger.append(SeedHistory.rutin)
        let queries = LedgerQueries(ledger.ledger)
        let head = try ledger.ledger.head().seq
        let before = try ledger.exportLines()
        func pieces(through: Int, chunkBytes: Int) throws -> (text: String, count: Int) {
            var all: [UInt8] = [], next = 1, count = 0
            while next <= through {
                let piece = try queries.exportChunk(from: next, through: through, chunkBytes: chunkBytes)
                all += piece.bytes
                next = piece.next
                count += 1
            }
            return (String(decoding: all, as: UTF8.self), count)
        }
        let onePerEvent = try pieces(through: head, chunkBytes: 1)
        #expect(onePerEvent.count == head)
        #expect(onePerEvent.text == before.map { $0 + "\n" }.joined())
        try ledger.append(SeedHistory.boardPlan)
        #expect(try ledger.ledger.head().seq > head)
        #expect(try pieces(through: head, chunkBytes: 1).text == onePerEvent.text)
        #expect(try pieces(through: head, chunkBytes: 1 << 16).count == 1)
        #expect(try pieces(through: ledger.ledger.head().seq, chunkBytes: 300).text == (try ledger.exportLines()).map { $0 + "\n" }.joined())
    }

    /// A damaged ledger: `verify` answers 200 with `ok: false` and the first bad place — the question "is it intact?"
    /// was answered — the CLI's JSON byte for byte, where the CLI exits 1.
    @Test func damagedLedgerIsAnsweredNotFailed() async throws {
        let directory = try TemporaryDirectory()
        let path = try damagedDemoCopy(in: directory)
        let cliVerify = try CommandRunner.run(["verify", "--ledger", path, "--format", "json"], environment: pinned)
        #expect(cliVerify.status == 1)
        #expect(cliVerify.stdout.contains("\"ok\": false"))
        try await demoApplication(path: path).test(.router) { client in
            try await client.execute(uri: "/api/v1/verify", method: .get, headers: authorization(.auditor)) { response in
                #expect(response.status == .ok)
                #expect(text(response) == cliVerify.stdout)
            }
        }
    }

    /// The latest checkpoint and proofs over HTTP are the CLI's documents, and `verify-proof` accepts them with the
    /// published key and nothing else.
    @Test func checkpointsAndProofsAreTheCLIsAndVerify() async throws {
        let first = proven.directory.path("first.checkpoint"), second = proven.directory.path("second.checkpoint")
        try Data(proven.first.utf8).write(to: URL(fileURLWithPath: first))
        try Data(proven.second.utf8).write(to: URL(fileURLWithPath: second))
        let cases: [(uri: String, cli: [String], kind: String)] = [
            ("/api/v1/checkpoints/latest", [], ""),
            ("/api/v1/proofs/inclusion/1", ["prove", "1", "--format", "json"], "inclusion"),
            ("/api/v1/proofs/inclusion/7", ["prove", "7", "--format", "json"], "inclusion"),
            ("/api/v1/proofs/consistency?old=\(queryValue(proven.first))", ["prove", "--consistency", first, "--format", "json"], "consistency"),
            ("/api/v1/proofs/consistency?old=\(queryValue(proven.first))&new=\(queryValue(proven.second))",
             ["prove", "--consistency", first, second, "--format", "json"], "consistency"),
            ("/api/v1/proofs/consistency?old=\(queryValue(proven.second))", ["prove", "--consistency", second, "--format", "json"], "consistency"),
            // As curl -G --data-urlencode and browsers send it: a space as "+", a plus as %2B.
            ("/api/v1/proofs/consistency?old=\(queryValue(proven.first).replacingOccurrences(of: "%20", with: "+"))",
             ["prove", "--consistency", first, "--format", "json"], "consistency"),
        ]
        let head = try #require(Int(proven.second.split(separator: "\n")[1]))
        let lastProof = try planledger(["prove", String(head), "--format", "json"], ledger: proven.path)
        try await demoApplication(path: proven.path).test(.router) { client in
            for (uri, args, kind) in cases {
                let want = args.isEmpty ? proven.latestJSON : try planledger(args, ledger: proven.path)
                let response = try await client.execute(uri: uri, method: .get, headers: authorization(.auditor))
                #expect(response.status == .ok, "\(uri): \(text(response))")
                #expect(text(response) == want, "\(uri)")
                guard !kind.isEmpty else { continue }
                let file = proven.directory.path("http-\(UUID().uuidString).json")
                try Data(bytes(response)).write(to: URL(fileURLWithPath: file))
                let checked = try CommandRunner.run(["verify-proof", file, "--vkey", proven.vkey, "--format", "json"])
                #expect(checked.status == 0, "\(uri): \(checked.stdout) \(checked.stderr)")
                #expect(checked.stdout.contains("\"proof\": \"\(kind)\""), "\(uri)")
                // The same proof with its event or checkpoint altered fails.
                let altered = proven.directory.path("altered-\(UUID().uuidString).json")
                try Data(text(response).replacingOccurrences(of: "region.example/planledger\\n", with: "region.example/planledgers\\n").utf8)
                    .write(to: URL(fileURLWithPath: altered))
                #expect(try CommandRunner.run(["verify-proof", altered, "--vkey", proven.vkey]).status == 1, "\(uri)")
            }
            // The last event of the checkpoint's tree is provable; the one after is not in it.
            let last = try await client.execute(uri: "/api/v1/proofs/inclusion/\(head)", method: .get, headers: authorization(.auditor))
            #expect(text(last) == lastProof)
            let past = try await client.execute(uri: "/api/v1/proofs/inclusion/\(head + 1)", method: .get, headers: authorization(.auditor))
            #expect(past.status == .badRequest)
        }
    }

    /// Every auditor's endpoint × every role: 401 for the public (with `WWW-Authenticate`), 403 for staff and admin,
    /// 200 for registrars and auditors.
    @Test func everyRoleGetsItsStatus() async throws {
        let uris = [
            "/api/v1/plans/rs-plan-2023/history", "/api/v1/plans/rutin-overgripande-handlingsplan/history?knownAt=5", "/api/v1/audit?asOf=\(day)",
            "/api/v1/verify", "/api/v1/export", "/api/v1/checkpoints/latest", "/api/v1/proofs/inclusion/3",
            "/api/v1/proofs/consistency?old=\(queryValue(proven.first))",
        ]
        let expected: [(Role, HTTPResponse.Status)] = [
            (.public, .unauthorized), (.staff, .forbidden), (.admin, .forbidden), (.auditor, .ok), (.registrar, .ok),
        ]
        try await demoApplication(path: proven.path).test(.router) { client in
            for uri in uris {
                for (role, status) in expected {
                    let response = try await client.execute(uri: uri, method: .get, headers: authorization(role))
                    #expect(response.status == status, "\(uri) as \(role): \(text(response))")
                    if status != .ok {
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(!text(response).contains("RS/412/2023"), "\(uri) as \(role)")
                    }
                    #expect((response.headers[.wwwAuthenticate] != nil) == (status == .unauthorized), "\(uri) as \(role)")
                }
            }
        }
    }

    /// A checkpoint note whose root was changed: the ledger's tree at that size has another root.
    static var forged: String {
        var lines = proven.first.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[2] = Data(repeating: 0, count: 32).base64EncodedString()
        return lines.joined(separator: "\n")
    }

    /// Each bad request to an auditor's endpoint: its status, and a problem naming the parameter when there is one.
    static let refusals: [(uri: String, status: Int, field: String?)] = [
        ("/api/v1/plans/rs-plan-2023/history?knownAt=abc", 400, "knownAt"),
        ("/api/v1/plans/rs-plan-2023/history?knownAt=999999", 409, "knownAt"),
        ("/api/v1/plans/rs-plan-2023/history?asOf=2024-02-30", 400, "asOf"),
        ("/api/v1/plans/rs-plan-2023/history?version=1", 400, "version"),
        ("/api/v1/plans/rs-plan-2023/history?asOf=\(day)&asOf=\(day)", 400, "asOf"),
        ("/api/v1/plans/no-such-plan/history", 404, "plan"),
        ("/api/v1/plans/rs-plan-2023/history?asOf=1990-01-01", 404, "plan"),
        ("/api/v1/plans/rs-plan-2023/history?knownAt=0", 404, "plan"),
        ("/api/v1/plans/%2E%2E/history", 404, "plan"),
        ("/api/v1/plans/a%00b/history", 400, "plan"),
        ("/api/v1/audit?grace=-1", 400, "grace"),
        ("/api/v1/audit?grace=x", 400, "grace"),
        ("/api/v1/audit?lateAfter=-3", 400, "lateAfter"),
        ("/api/v1/audit?late-after=3", 400, "late-after"),
        ("/api/v1/audit?asOf=yesterday", 400, "asOf"),
        ("/api/v1/audit?knownAt=999999", 409, "knownAt"),
        ("/api/v1/plans?knownAt=999999", 409, "knownAt"),
        ("/api/v1/audit?knownAt=2016-13-01", 400, "knownAt"),
        ("/api/v1/verify?checkpoint=x", 400, "checkpoint"),
        ("/api/v1/export?knownAt=3", 400, "knownAt"),
        ("/api/v1/export?format=json", 400, "format"),
        ("/api/v1/checkpoints/latest?size=3", 400, "size"),
        ("/api/v1/proofs/inclusion/abc", 400, "seq"),
        ("/api/v1/proofs/inclusion/0", 400, "seq"),
        ("/api/v1/proofs/inclusion/-1", 400, "seq"),
        ("/api/v1/proofs/inclusion/1.5", 400, "seq"),
        ("/api/v1/proofs/inclusion/99999", 400, "seq"),
        ("/api/v1/proofs/inclusion/99999999999999999999999", 400, "seq"),
        ("/api/v1/proofs/consistency", 400, "old"),
        ("/api/v1/proofs/consistency?old=not-a-checkpoint", 400, "old"),
        ("/api/v1/proofs/consistency?old=\(queryValue(proven.first))&new=x", 400, "new"),
        ("/api/v1/proofs/consistency?old=\(queryValue(proven.second))&new=\(queryValue(proven.first))", 400, "old"),
        ("/api/v1/proofs/consistency?old=\(queryValue(forged))", 409, "old"),
        ("/api/v1/proofs/consistency?old=\(queryValue(proven.first))&seq=1", 400, "seq"),
    ]

    @Test func refusalsAreProblemDocuments() async throws {
        // Not vacuous: the forged note is a well-formed checkpoint of the right size, only its root differs.
        #expect(SignedCheckpoint(note: Self.forged)?.checkpoint.size == SignedCheckpoint(note: proven.first)?.checkpoint.size)
        let before = try planledger(["export"], ledger: proven.path)
        try await demoApplication(path: proven.path).test(.router) { client in
            for (uri, status, field) in Self.refusals {
                try await client.execute(uri: uri, method: .get, headers: authorization(.auditor)) { response in
                    #expect(Int(response.status.code) == status, "\(uri): \(text(response))")
                    #expect(response.headers[.contentType] == "application/problem+json", "\(uri)")
                    guard case .object(let problem)? = try? JSONParser.parse(text(response)) else {
                        Issue.record("\(uri): not a JSON object: \(text(response))")
                        return
                    }
                    #expect(problem["status"] == .number(Double(status)), "\(uri)")
                    if let field {
                        guard case .array(let items)? = problem["problems"], case .object(let first)? = items.first else {
                            Issue.record("\(uri): no problems list: \(text(response))")
                            return
                        }
                        #expect(first["field"] == .string(field), "\(uri)")
                    }
                }
            }
        }
        // Nothing was written.
        #expect(try planledger(["export"], ledger: proven.path) == before)
    }

    /// A ledger without a checkpoint: the latest checkpoint and every proof are 404, saying how to make one.
    @Test func noCheckpointIsNotFound() async throws {
        try await demoApplication().test(.router) { client in
            for uri in ["/api/v1/checkpoints/latest", "/api/v1/proofs/inclusion/1", "/api/v1/proofs/consistency?old=\(queryValue(proven.first))"] {
                let response = try await client.execute(uri: uri, method: .get, headers: authorization(.auditor))
                #expect(response.status == .notFound, "\(uri): \(text(response))")
                #expect(text(response).contains("planledger checkpoint"), "\(uri)")
            }
        }
    }
}

/// A copy of the demo ledger in `directory` with its last byte cut off: a damaged file `verify` names the first bad
/// seq of.
func damagedDemoCopy(in directory: TemporaryDirectory) throws -> String {
    let path = directory.path("damaged.sqlite")
    try FileManager.default.copyItem(atPath: demo.path, toPath: path)
    let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
    #expect(truncate(path, off_t(size - 1)) == 0)
    return path
}
