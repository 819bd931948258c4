import Foundation
import GRDB
import LedgerCore
import Testing
import TestSupport

/// `planledger accounts …` end to end, on a fresh ledger, with the clock pinned and the actor "admin:test".
@Suite struct AccountsCommandTests {
    let dir: TemporaryDirectory
    let ledger: String

    init() throws {
        dir = try TemporaryDirectory()
        ledger = dir.path("ledger.sqlite")
        #expect(try run("init").status == 0)
    }

    func run(_ args: String..., stdin: String = "", now: String = "2024-03-05T10:00:00Z") throws -> CommandResult {
        try CommandRunner.run(Array(args) + ["--ledger", ledger], stdin: Data(stdin.utf8),
                              environment: ["PLANLEDGER_NOW": now, "PLANLEDGER_ACTOR": "admin:test"])
    }

    func fileBytes() throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: ledger))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: ledger + "-wal")) { data.append(wal) }
        return data
    }

    @Test func addTokenGrantRevokeDisableListAndLog() throws {
        let add = try run("accounts", "add", "anna", "--role", "registrar", "--password-stdin", "--format", "table", stdin: "hemligt lösen\n")
        #expect(add.status == 0 && add.stdout == "added anna as registrar\n" && add.stderr == "")
        let token = try run("accounts", "token", "anna")
        #expect(token.status == 0)
        #expect(token.stdout.wholeMatch(of: /plt_[A-Za-z0-9_-]{43}\n/) != nil, "\(token.stdout)")
        let text = String(token.stdout.dropLast())
        #expect(try fileBytes().range(of: Data(text.utf8)) == nil, "the token is stored hashed")
        #expect(try fileBytes().range(of: Data("hemligt lösen".utf8)) == nil, "the password is stored as bcrypt")
        #expect(try run("accounts", "grant", "anna", "--role", "auditor", "--format", "table", now: "2024-03-06T08:00:00Z").stdout == "granted auditor to anna\n")
        #expect(try run("accounts", "add", "bo", "--role", "staff", now: "2024-03-06T08:00:00Z").status == 0)
        #expect(try run("accounts", "revoke", "anna", "--role", "registrar", "--format", "table", now: "2024-03-07T08:00:00Z").stdout
            == "revoked registrar from anna\n")
        let disabled = try run("accounts", "disable", "bo", "--format", "json", now: "2024-03-07T09:00:00Z")
        #expect(disabled.stdout == """
            {
              "created": "2024-03-06T08:00:00.000Z",
              "disabled": true,
              "name": "bo",
              "password": false,
              "roles": [],
              "tokens": 0
            }

            """)
        let list = try run("accounts", "list", "--format", "csv")
        #expect(list.stdout == "name,roles,disabled,password,tokens,created\r\nanna,\"[\"\"auditor\"\"]\",false,true,1,2024-03-05T10:00:00.000Z\r\nbo,[],true,false,0,2024-03-06T08:00:00.000Z\r\n")
        #expect(!list.stdout.contains("$2b$"))
        let table = try run("accounts", "log", "--format", "table")
        #expect(table.stdout == """
            seq  recorded                  actor       action        account  role
            ───  ────────────────────────  ──────────  ────────────  ───────  ─────────
              1  2024-03-05T10:00:00.000Z  admin:test  added         anna     registrar
              2  2024-03-05T10:00:00.000Z  admin:test  token-issued  anna
              3  2024-03-06T08:00:00.000Z  admin:test  granted       anna     auditor
              4  2024-03-06T08:00:00.000Z  admin:test  added         bo       staff
              5  2024-03-07T08:00:00.000Z  admin:test  revoked       anna     registrar
              6  2024-03-07T09:00:00.000Z  admin:test  disabled      bo

            """)
        // On the 6th anna held registrar and auditor, bo staff; on the 7th only anna's auditor is left.
        #expect(try run("accounts", "log", "--as-of", "2024-03-06", "--format", "csv").stdout
            == "account,role,since\r\nanna,registrar,2024-03-05T10:00:00.000Z\r\nanna,auditor,2024-03-06T08:00:00.000Z\r\nbo,staff,2024-03-06T08:00:00.000Z\r\n")
        #expect(try run("accounts", "log", "--as-of", "2024-03-07", "--format", "csv").stdout == "account,role,since\r\nanna,auditor,2024-03-06T08:00:00.000Z\r\n")
        #expect(try run("accounts", "log", "--as-of", "2024-03-04", "--format", "table").stdout == "nobody held a role on 2024-03-04\n")
        let json = try run("accounts", "log", "--format", "json")
        guard case .array(let entries) = try JSONParser.parse(json.stdout) else { Issue.record("not an array"); return }
        #expect(entries.count == 6)
        #expect(entries[1].objectValue?["prev"] == entries[0].objectValue?["hash"])
        #expect(try run("verify", "--format", "table").status == 0)
    }

    /// Each bad input: exit code, the message naming the argument, and nothing written.
    @Test func badInputNamesTheArgumentAndWritesNothing() throws {
        #expect(try run("accounts", "add", "anna", "--role", "staff").status == 0)
        let cases: [(args: [String], stdin: String, status: Int32, stderr: String)] = [
            (["accounts", "add", "anna", "--role", "staff"], "", 65, "name: an account named \"anna\" exists already\n"),
            (["accounts", "grant", "nobody", "--role", "staff"], "", 66, "name: no account named \"nobody\"\n"),
            (["accounts", "token", "nobody"], "", 66, "name: no account named \"nobody\"\n"),
            (["accounts", "add", "bo", "--role", "staff", "--password-stdin"], "\n", 65, "password: is empty\n"),
            (["accounts", "add", "bo\u{1}", "--role", "staff"], "", 65, "name: holds the control character U+0001"),
            (["accounts", "add", "bo", "--role", "public"], "", 65, "role: public is the role of every caller without an account"),
            (["accounts", "revoke", "anna", "--role", "admin"], "", 65, "role: \"anna\" does not hold admin\n"),
        ]
        for c in cases {
            let r = try CommandRunner.run(c.args + ["--ledger", ledger], stdin: Data(c.stdin.utf8), environment: ["PLANLEDGER_ACTOR": "admin:test"])
            #expect(r.status == c.status, "\(c.args): \(r.stderr)")
            #expect(r.stderr.hasPrefix(c.stderr), "\(c.args): \(r.stderr)")
            #expect(r.stderr.hasSuffix("planledger: accounts: nothing was changed\n"), "\(c.args)")
            #expect(r.stdout == "")
        }
        let role = try run("accounts", "add", "bo", "--role", "wizard")
        #expect(role.status == 64 && role.stderr.contains("'wizard' is invalid for '--role <role>'"))
        let missing = try CommandRunner.run(["accounts", "list", "--ledger", dir.path("none.sqlite")])
        #expect(missing.status == 66)
        #expect(try run("accounts", "log", "--as-of", "2024-02-30").status == 64)
        #expect(try run("accounts", "log", "--format", "csv").stdout.split(separator: "\r\n").count == 2, "only anna's add was written")
    }

    @Test func verifyNamesAnEditedEntryOfTheAccountLog() throws {
        #expect(try run("accounts", "add", "anna", "--role", "staff").status == 0)
        #expect(try run("accounts", "grant", "anna", "--role", "auditor").status == 0)
        #expect(try run("verify", "--format", "json").status == 0)
        let queue = try DatabaseQueue(path: ledger)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER account_log_refuses_update")
            try db.execute(sql: "UPDATE account_log SET role = 'admin' WHERE seq = 2")
        }
        try queue.close()
        let verify = try run("verify", "--format", "json")
        #expect(verify.status == 1)
        #expect(verify.stdout.contains("\"ok\": false"))
        #expect(verify.stderr == "planledger: verify: the account log (2 entries) does not hold: entry 2: hash does not match its contents (edited?)\n")
    }
}
