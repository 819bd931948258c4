import Foundation
import GRDB
import LedgerCore
import Testing
import TestSupport

/// Output that cannot hurt its reader, on a terminal: a ledger written before control characters were
/// refused may hold an ESC sequence; the table shows it as U+FFFD instead of letting it drive the terminal.
@Suite(.serialized) struct TerminalOutputTests {
    @Test func controlCharactersInOldTextNeverReachTheTerminal() throws {
        let dir = try TemporaryDirectory()
        let ledger = dir.path("old.sqlite")
        #expect(try CommandRunner.run(["init", "--ledger", ledger]).status == 0)
        let line = #"{"type":"diary.registered","effective":"2023-05-11","data":{"dnr":"RS/1/2023","title":"Ansökan","direction":"in","counterpart":"Kommun"}}"#
        #expect(try CommandRunner.run(["append", "-", "--ledger", ledger], stdin: Data(line.utf8)).status == 0)
        // As an older planledger let it in: an ESC sequence that clears the screen and retitles the window,
        // a C1 CSI, a TAB and a line feed.
        let queue = try DatabaseQueue(path: ledger)
        try queue.write { db in
            try db.execute(sql: "UPDATE diary_entry SET title = ?, counterpart = ?",
                           arguments: ["An\u{1B}[2J\u{1B}]0;pwned\u{07}sökan", "Kom\u{9B}31m\tmun\nSyd"])
        }
        try queue.close()
        let r = try CommandRunner.run(["diary", "--format", "table", "--ledger", ledger], environment: ["COLUMNS": "160"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) },
                "\(r.stdout.debugDescription)")
        #expect(r.stdout.contains("An\u{FFFD}[2J\u{FFFD}]0;pwned\u{FFFD}sökan"))
        #expect(r.stdout.contains("Kom\u{FFFD}31m mun Syd"))
        #expect(r.stdout.split(separator: "\n").count == 3)
    }
}
