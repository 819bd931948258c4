import Foundation
import GRDB

/// Where plbench finds its peer (issue 17): a Python interpreter with `eventsourcing` 9.5.6 installed
/// (`pip install eventsourcing==9.5.6`) and the script that loads a workload through it.
struct PeerTool {
    /// The interpreter, a path or a name looked up in PATH.
    var python: String
    var script: String

    /// The script run with `arguments` (through /usr/bin/env, so that a bare `python3` is found in PATH).
    func child(_ arguments: [String]) -> ChildProcess {
        ChildProcess(executable: "/usr/bin/env", arguments: [python, script] + arguments)
    }
}

extension Scenarios {
    // MARK: - The peer

    /// Fails before anything is measured unless the peer can run: the script is there and the interpreter has
    /// eventsourcing 9.5.6 (the script says which version it found).
    func checkPeer(_ peer: PeerTool) throws {
        guard FileManager.default.fileExists(atPath: peer.script) else {
            throw BenchError.missingTool("no peer script at \(peer.script): run plbench from the repository's root or pass --peer-script PATH")
        }
        // Not recorded among the report's commands: nothing of it is timed.
        let check = peer.child(["--check"])
        _ = try check.runChecked(scratchDirectory: workDirectory)
    }

    /// The same workload bulk-loaded by the Python `eventsourcing` library (9.5.6, on its SQLite module), as a whole
    /// process per run into a new file (`Tools/plbench/peer/peer_eventsourcing.py`: one aggregate per plan, diary number,
    /// assignment or process, one event per input line, saved 10,000 lines per transaction), so that every report
    /// shows planledger's bulk append beside what a Python shop would pick instead (`append.vsPeer`). Only the
    /// load is timed: the interpreter's start-up and imports included, as planledger's start-up is in its figure.
    func peerAppend(_ workload: Workload, peer: PeerTool) throws -> [Figure] {
        var rates = Samples(), rss = Samples()
        let database = "\(workDirectory)/peer-\(size).sqlite"
        for round in 1...runs {
            progress("\(size): the peer (eventsourcing 9.5.6) loading the workload, run \(round) of \(runs)")
            removeDatabase(at: database)
            let result = try run(peer.child(["--input", workload.path, "--db", database]), label: "peer", measuringMemory: true)
            // Only a peer that stored every line is compared with: the events it recorded (besides one "Opened" per
            // aggregate) are counted in its file, whatever it printed.
            let stored = try peerStored(database)
            guard stored == workload.size else {
                throw BenchError.unexpected("the peer stored \(stored) of the workload's \(workload.size) events in \(database)")
            }
            rates.add(Double(workload.size) / result.wallSeconds)
            rss.add(Double(result.peakRSSBytes) / 1e6)
        }
        removeDatabase(at: database)
        return [
            Figure("peer.rate", "peer: eventsourcing 9.5.6 (Python, SQLite) bulk load, whole process", .eventsPerSecond, rates),
            Figure("peer.peakRSS", "peer: peak RSS of the child", .megabytes, rss),
        ]
    }

    /// The events the peer recorded in its file at `database` (besides one "Opened" per aggregate), 0 when there is
    /// no such file or table.
    func peerStored(_ database: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: database) else { return 0 }
        var readOnly = Configuration()
        readOnly.readonly = true
        return try DatabaseQueue(path: database, configuration: readOnly).read { db in
            try db.tableExists("stored_events")
                ? try Int.fetchOne(db, sql: "SELECT count(*) FROM stored_events WHERE topic LIKE '%.Recorded'") ?? 0 : 0
        }
    }
}
